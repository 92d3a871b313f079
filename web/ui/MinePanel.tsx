import type { Session } from '../app/session';
import type { MinerEngine } from '../mining/miner-protocol';
import { MAX_DIFFICULTY_BITS } from '../../shared/chain/target';
import { useMesh } from './use-mesh';

const ENGINE_NAMES: Record<MinerEngine, string> = {
  'wasm-simd': 'WebAssembly SIMD, 4 nonces per step',
  js: 'JavaScript (WebAssembly SIMD unavailable: see the log)',
};

export function MinePanel({ session }: { session: Session | null }) {
  const mining = useMesh((s) => s.mining);
  const rules = useMesh((s) => s.self.rules);
  const tipDifficulty = useMesh((s) => s.chain.tip?.difficulty);
  const mine = session?.mining;
  const expected = 2 ** mining.difficulty;
  const workers = mining.workers ?? 1;
  const maxWorkers = mining.maxWorkers ?? 1;
  return (
    <section className="panel" aria-labelledby="mine-title">
      <h2 id="mine-title">Mine</h2>
      <p className="hint">
        Proof of work: try nonces until the block's double SHA-256 starts with enough zero bits. Web
        Workers do it, each on its own share of the nonces, so this page stays responsive.
      </p>
      {rules && rules.spacing > 0 ? (
        <p className="difficulty" data-testid="room-difficulty">
          Difficulty: <b>{tipDifficulty ?? rules.difficulty}</b> bits, set by the room: it aims at one block every{' '}
          {rules.spacing} s and is adjusted every {rules.window} blocks by how fast the last ones came.
        </p>
      ) : (
      <label className="difficulty">
        Difficulty: <b data-testid="difficulty-value">{mining.difficulty}</b> zero bits (about{' '}
        {expected.toLocaleString('en')} hashes per block; free-difficulty room: the most work still wins)
        <input
          type="range"
          min={1}
          max={MAX_DIFFICULTY_BITS - 4}
          value={mining.difficulty}
          disabled={!mine}
          data-testid="difficulty"
          onChange={(event) => mine?.setDifficulty(Number(event.target.value))}
        />
      </label>
      )}
      <label>
        Workers:{' '}
        <select
          value={workers}
          disabled={!mine}
          data-testid="mine-workers"
          onChange={(event) => mine?.setWorkers(Number(event.target.value))}
        >
          {Array.from({ length: maxWorkers }, (_, i) => (
            <option key={i + 1} value={i + 1}>
              {i + 1}
            </option>
          ))}
        </select>{' '}
        of {maxWorkers} cores · engine:{' '}
        <span data-testid="mining-engine" data-engine={mining.engine ?? 'not loaded'}>
          {mining.engine ? ENGINE_NAMES[mining.engine] : 'loads when mining starts'}
        </span>
      </label>
      <div className="buttons">
        <button data-testid="mine-one" disabled={!mine || mining.running} onClick={() => mine?.start('one-block')}>
          Mine one block
        </button>
        {mining.running ? (
          <button data-testid="mine-stop" onClick={() => mine?.stop()}>
            Stop mining
          </button>
        ) : (
          <button data-testid="mine-start" disabled={!mine} onClick={() => mine?.start('continuous')}>
            Mine continuously
          </button>
        )}
      </div>
      <p data-testid="mining-status" data-running={mining.running}>
        {mining.running
          ? `mining (${mining.goal === 'one-block' ? 'one block' : 'continuously'}) at ${mining.hashesPerSecond.toLocaleString('en')} hashes/s on ${workers} worker${workers === 1 ? '' : 's'}`
          : 'idle'}
        {' · '}blocks found by this tab: <b data-testid="found-count">{mining.found}</b>
      </p>
    </section>
  );
}
