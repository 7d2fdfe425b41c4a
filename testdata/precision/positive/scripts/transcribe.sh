#!/usr/bin/env bash
set -euo pipefail
# Quick manual test against AssemblyAI
curl -s -X POST https://api.assemblyai.com/v2/transcript \
  -H "authorization: 0e88490b7418f4b58118ff9f7b48e033" \
  -H "content-type: application/json" \
  -d '{"audio_url": "https://example.com/949716da05fc15ca003e84c1f9391e69.mp3"}'
