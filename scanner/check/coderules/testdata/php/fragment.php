// Fixture: a PHP fragment without the opening tag, as documentation snippets are.
$data = array("audio_url" => $u);
$curl = curl_init("https://api.assemblyai.com/v2/transcript");
curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($data));
curl_exec($curl); // want "aai-pii-redaction-missing" "aai-content-safety-missing"
