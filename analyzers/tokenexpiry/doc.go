// Package tokenexpiry defines an Analyzer that reports AssemblyAI temporary
// streaming tokens that live too long.
//
// # Analyzer tokenexpiry
//
// tokenexpiry: report temporary streaming tokens with a long expiry (checklist: browser-tokens)
//
// Browsers must stream with a temporary token minted on the server, never
// with the API key. A token that lives for hours is almost as good as a key
// to whoever copies it from the page. Universal Streaming (v3) accepts
// expires_in_seconds from 1 to 600; the legacy v2 endpoint accepted up to
// 360000. The analyzer reports constant expiries above the limit
// (-tokenexpiry.max, default 600 seconds) in
//
//   - (*RealTimeService).CreateTemporaryToken(ctx, expiresIn) of
//     github.com/AssemblyAI/assemblyai-go-sdk;
//   - v3 token URLs: a string literal with expires_in_seconds=N;
//     url.Values Set/Add("expires_in_seconds", …) with a constant string,
//     strconv.Itoa or strconv.FormatInt of a constant; fmt.Sprintf with
//     "expires_in_seconds=%d" and a constant argument;
//   - map literals and struct fields with JSON name expires_in_seconds,
//     or expires_in (the v2 body) in packages that name the v2 endpoint
//     /v2/realtime/token (expires_in alone is too common: OAuth responses).
//
// The suggested fix replaces a literal written at the reported place with
// the limit. Non-constant expiries are not reported.
//
// Flags:
//
//	-tokenexpiry.max N  longest accepted expiry in seconds (default 600)
//	-tokenexpiry.tests  also check _test.go files (default false)
package tokenexpiry
