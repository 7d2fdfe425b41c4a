// Fixture: a CommonJS module exporting the SDK client.
const { AssemblyAI } = require("assemblyai");

const client = new AssemblyAI({ apiKey: process.env.ASSEMBLYAI_API_KEY });

module.exports = { client };
