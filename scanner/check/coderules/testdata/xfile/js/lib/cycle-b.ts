// Fixture: an import cycle (a re-exports b, b re-exports a).
export { thing } from "./cycle-a";
