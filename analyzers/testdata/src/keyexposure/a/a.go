package a

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"os"

	"keyexposure/config"
)

var page = template.Must(template.New("p").Parse(`<script>const key = "{{.Key}}"</script>`))

func direct(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("ASSEMBLYAI_API_KEY")
	w.Write([]byte(key)) // want `AssemblyAI API key written to an HTTP response \(ResponseWriter.Write\).*\(browser-tokens\)`
}

func formatted(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, `{"apiKey": %q}`, os.Getenv("ASSEMBLYAI_API_KEY")) // want `\(fmt.Fprintf\)`
	// Key names are the shared definition (internal/keyname): this one
	// was not recognised before issue 11; a webhook secret is not the key.
	fmt.Fprintf(w, `{"token": %q}`, os.Getenv("PUBLIC_ASSEMBLY_API_TOKEN")) // want `\(fmt.Fprintf\)`
	fmt.Fprintf(w, `{"hook": %q}`, os.Getenv("ASSEMBLYAI_WEBHOOK_SECRET"))
}

func jsonBody(w http.ResponseWriter, r *http.Request) {
	cfg := config.Load()
	json.NewEncoder(w).Encode(map[string]string{"key": cfg.APIKey}) // want `\(json.Encoder.Encode\)`
}

func encoderVar(w http.ResponseWriter, r *http.Request) {
	enc := json.NewEncoder(w)
	body := struct{ Token string }{Token: config.APIKey()}
	enc.Encode(body) // want `\(json.Encoder.Encode\)`
}

func templated(w http.ResponseWriter, r *http.Request) {
	page.Execute(w, map[string]any{"Key": config.Key}) // want `\(template.Execute\)`
}

func header(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-AAI-Key", "key="+config.Key) // want `\(the response header\)`
}

func named(w http.ResponseWriter, aaiKey string) {
	io.WriteString(w, aaiKey) // want `\(io.WriteString\)`
}

// Negative cases.

func tokenOnly(w http.ResponseWriter, token string) {
	json.NewEncoder(w).Encode(map[string]string{"token": token})
	fmt.Fprintln(w, config.Region())
	fmt.Fprintln(os.Stdout, config.Key) // not a response
}

func logged(w http.ResponseWriter) {
	key := os.Getenv("ASSEMBLYAI_API_KEY")
	if key == "" {
		http.Error(w, "ASSEMBLYAI_API_KEY is not set", http.StatusInternalServerError)
	}
	fmt.Fprintf(w, "other env: %s", os.Getenv("HOME"))
	fmt.Fprintf(w, "key configured: %v, length %d, starts %s", key != "", len(key), key[:4])
}
