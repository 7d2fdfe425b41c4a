"use server";
// Reduction of djovannih/insightview src/actions/generate-transcript-action.ts:
// a server action that transcribes an upload through the client imported
// with the @/ alias; the last action deletes the transcript.
import { assemblyAI } from "@/actions/assemblyai";

export const generateTranscriptAction = async (file: File) => {
  const buffer = Buffer.from(new Uint8Array(await file.arrayBuffer()));
  const transcript = await assemblyAI.transcripts.transcribe({ // want "aai-pii-redaction-missing" "aai-content-safety-missing"
    audio: buffer,
    speech_model: "nano",
    language_detection: true,
    speaker_labels: true,
  });
  return transcript;
};

export const discardTranscriptAction = async (id: string) => {
  await assemblyAI.transcripts.delete(id);
};
