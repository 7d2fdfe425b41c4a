// Reduction of fathi151/QuizMate-AI backend/config/assemblyAi.js: the SDK
// client built once and exported with module.exports.
const { AssemblyAI } = require("assemblyai");

const client = new AssemblyAI({
  apiKey: process.env.ASSEMBLYAI_API_KEY,
});

module.exports = client;
