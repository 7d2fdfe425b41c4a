// Fixture: module.exports is the client itself.
const { AssemblyAI } = require("assemblyai");

module.exports = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY });
