// Package webhookauth defines an Analyzer that reports AssemblyAI
// transcription webhooks that cannot be authenticated.
//
// # Analyzer webhookauth
//
// webhookauth: report transcription webhooks without an auth header or over http (checklist: webhook-auth)
//
// AssemblyAI signs nothing: a webhook delivery is authenticated only by a
// static header that the request asks for with webhook_auth_header_name and
// webhook_auth_header_value (the SDK's WebhookAuthHeaderName and
// WebhookAuthHeaderValue). Without both, anyone who learns the URL can post
// fake "transcript completed" notifications. The analyzer reports, for SDK
// options and REST payloads (Go values and JSON strings) found as the
// redactpii analyzer finds them,
//
//   - WebhookURL / webhook_url set without both WebhookAuthHeaderName and
//     WebhookAuthHeaderValue (absent or nil);
//   - a constant webhook URL that starts with http:// (the header would
//     travel in clear text).
//
// A webhook URL set to nil or "" is not a webhook. Values that cannot be
// resolved are not reported.
//
// The suggested fix for an http:// literal written in the request changes
// it to https://. There is no fix for missing headers: the secret must come
// from the deployment's secret store.
//
// Flags:
//
//	-webhookauth.tests  also check _test.go files (default false)
package webhookauth
