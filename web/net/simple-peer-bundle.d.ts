// simple-peer's own entry needs Node's `global` and `process` under Vite; the prebuilt browser
// bundle it ships does not. It exports the same class, so it gets the same types.
declare module 'simple-peer/simplepeer.min.js' {
  import SimplePeer from 'simple-peer';
  export default SimplePeer;
}
