<?php
// Reduction of the PHP tab of AssemblyAI/assemblyai-api-spec
// fern/pages/speech-to-text/pre-recorded-audio/delete-transcripts.mdx
// (before a01176be): DELETE with CURLOPT_CUSTOMREQUEST.
$api_key = getenv('ASSEMBLYAI_API_KEY');
$headers = array("authorization: " . $api_key);
$ch = curl_init("https://api.assemblyai.com/v2/transcript/" . $transcript_id);
curl_setopt($ch, CURLOPT_CUSTOMREQUEST, "DELETE");
curl_setopt($ch, CURLOPT_HTTPHEADER, $headers);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
$response = curl_exec($ch);
curl_close($ch);
