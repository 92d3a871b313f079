import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Session } from '../app/session';
import type { LanguageChoice } from '../i18n/choose-language';
import { StageLink } from '../stage/StageLink';
import type { MeshStore } from '../store/mesh-store';
import { ChainBanner } from './ChainBanner';
import { ChainPanel } from './ChainPanel';
import { EventLog } from './EventLog';
import { JoinCardButton } from './JoinCard';
import { KademliaPanel } from './KademliaPanel';
import { LanguageSwitch } from './LanguageSwitch';
import { MinePanel } from './MinePanel';
import { NicknameBar } from './NicknamePrompt';
import { NodePanel } from './NodePanel';
import { PeersPanel } from './PeersPanel';
import { RoomConditionsBanner } from './RoomConditionsBanner';
import { TeacherDesk } from './TeacherDesk';
import { TopicsPanel } from './TopicsPanel';
import { TransfersPanel } from './TransfersPanel';
import { WalletPanel } from './WalletPanel';
import { MeshContext } from './use-mesh';

export function App({ store, session, language }: { store: MeshStore; session: Promise<Session | null>; language?: LanguageChoice }) {
  const { t, i18n } = useTranslation('common');
  const [ready, setReady] = useState<Session | null>(null);
  useEffect(() => {
    void session.then(setReady);
  }, [session]);
  return (
    <MeshContext.Provider value={store}>
      <ChainBanner />
      <RoomConditionsBanner />
      <header className="masthead">
        <div className="masthead-top">
          <h1>{t('appName')}</h1>
          <div className="masthead-actions">
            <JoinCardButton />
            <StageLink />
            <LanguageSwitch />
          </div>
        </div>
        <NicknameBar session={ready} />
        {/* Until the reader picks a language with the switch, which answers the notice. */}
        {language?.problem === 'unsupported-language' && i18n.resolvedLanguage === language.language && (
          <p className="notice" role="status" data-testid="language-notice">
            {t('language.unsupported', { requested: language.requested, language: t(`language.${language.language}`) })}
          </p>
        )}
        <p>
          <Trans t={t} i18nKey="intro" components={{ code: <code />, b: <b /> }} />
        </p>
      </header>
      <main className="grid">
        <TeacherDesk session={ready} />
        <NodePanel session={ready} />
        <MinePanel session={ready} />
        <PeersPanel />
        <WalletPanel session={ready} />
        <TransfersPanel />
        <TopicsPanel session={ready} />
        {ready?.kademlia && <KademliaPanel overlay={ready.kademlia} />}
        <ChainPanel session={ready} />
        <EventLog />
      </main>
    </MeshContext.Provider>
  );
}
