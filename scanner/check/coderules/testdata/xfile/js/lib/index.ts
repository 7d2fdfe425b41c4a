// Fixture: a barrel re-exporting the client module.
export * from "./client";
export { client as aai } from "./client";
