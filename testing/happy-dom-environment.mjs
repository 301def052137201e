// The studio's DOM for Jest: happy-dom, plus the Node globals a browser has too but happy-dom's
// window leaves out (the studio and its tests clone specs with structuredClone).
import HappyDomEnvironment from '@happy-dom/jest-environment';

export default class StudioDomEnvironment extends HappyDomEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.structuredClone ??= structuredClone;
  }
}
