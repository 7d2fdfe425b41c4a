// Two keys: one for the batch worker, one for the realtime demo.
export const ASSEMBLYAI_BATCH_KEY = "b469fbb763363092a9a74ec512891d6d";
export const ASSEMBLYAI_REALTIME_KEY = "de461b829bed12cc2373a510aee85b5a";
export const BUILD_HASH = "688880a8cfc35c42573642fce8805cec";
