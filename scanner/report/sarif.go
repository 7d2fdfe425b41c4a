package report

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/aaiguard/aaiguard/rules/catalog"
	"github.com/aaiguard/aaiguard/scanner/finding"
)

const (
	// informationURI is aaiguard's home page in SARIF's tool.driver.
	informationURI = "https://github.com/aaiguard/aaiguard"
	// FingerprintKey names aaiguard's content fingerprint in
	// result.partialFingerprints. SARIF §3.27.17 asks for a versioned name;
	// the value is finding.Fingerprint (rule + path + hash of the secret or
	// evidence): no line, no commit, so an alert survives line shifts,
	// rebases and squashes.
	FingerprintKey = "aaiguard/contentFingerprint/v1"
	// checklistTaxonomy names the run's taxonomy of the nine checklist
	// items; results refer to their item through result.taxa.
	checklistTaxonomy = "AssemblyAI security checklist"
	// checklistTaxonomyGUID identifies that taxonomy. It never changes; a
	// toolComponentReference carries name, index and guid together.
	checklistTaxonomyGUID = "5e88cb85-fe07-4136-89ee-2054ecdf6300"
)

// WriteSARIF writes a SARIF 2.1.0 log with one run, built to be accepted by
// code-scanning platforms (GitHub's ingestion rules are checked by the SARIF
// Multitool in CI, scripts/validate-sarif.sh):
//   - tool.driver.rules has exactly one entry per rule (RuleSet): every rule
//     of the run, and one for any finding's rule that is not among them;
//     each with help text (remediation and checklist item), default level,
//     security-severity and tags;
//   - each result has ruleId and ruleIndex, a level from the severity, a
//     location (a whole-file finding points at line 1, with wholeFile in
//     its properties: GitHub requires region.startLine), the content
//     fingerprint in partialFingerprints, its checklist item in taxa, and
//     commit, author, date and the redacted secret in properties;
//   - columns are Unicode code points (columnKind), as the engine counts;
//   - notes, skipped files and errors become tool execution notifications,
//     and an incomplete scan says executionSuccessful: false.
//
// No snippet of the scanned file is ever included: a secret appears only
// in the result's message and properties.secret, redacted unless
// opts.ShowSecrets. Messages and notifications, which viewers display, go
// through Sanitize (no control characters or bidirectional overrides);
// properties keep the data as found, JSON-escaped.
func WriteSARIF(w io.Writer, r *Report, opts Options) error {
	log, err := sarif.New(sarif.Version210)
	if err != nil {
		return err
	}
	run := sarif.NewRunWithInformationURI(cmp.Or(r.Tool.Name, "aaiguard"), informationURI)
	if v := sarifToolVersion(r.Tool.Version); v != "" {
		run.Tool.Driver.WithVersion(v)
	}
	run.WithColumnKind("unicodeCodePoints")

	taxonIndex := addChecklistTaxonomy(run, r)
	ruleSet := r.RuleSet()
	for _, ri := range ruleSet {
		addSARIFRule(run, ri)
	}
	seenFP := map[string]int{}
	repoPath := ""
	if r.Summary != nil {
		repoPath = r.Summary.RepoPath
	}
	var outside []string
	for _, f := range r.Findings {
		if !addSARIFResult(run, f, opts, repoPath, taxonIndex, seenFP) {
			outside = append(outside, f.File)
		}
	}
	addInvocation(run, r.Summary, repoPath, outside)
	log.AddRun(run)
	if err := log.PrettyWrite(w); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// sarifToolVersion is the version for tool.driver.version, which SARIF
// viewers compare and the Multitool wants to start with a digit (SARIF2005):
// a module version "v1.2.3" is written "1.2.3", a development build "dev"
// is "0.0.0-dev".
func sarifToolVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v != "" && (v[0] < '0' || v[0] > '9') {
		v = "0.0.0-" + v
	}
	return v
}

// sarifLevel maps a severity to a SARIF level: findings that fail the run
// are errors, medium ones warnings, low ones notes.
func sarifLevel(s finding.Severity) string {
	switch {
	case s.IsError():
		return "error"
	case s == finding.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's 0.0–10.0 score (properties.security-severity
// on a rule): over 9.0 is shown as critical, 7.0–8.9 high, 4.0–6.9 medium,
// 0.1–3.9 low.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.Critical:
		return "9.5"
	case finding.High:
		return "8.0"
	case finding.Medium:
		return "5.5"
	}
	return "3.0"
}

// cweTags are the CWE entries closest to each checklist item, as tags in
// the form CodeQL uses, so that platforms can group findings by CWE.
var cweTags = map[string]string{
	catalog.EnvKey:        "external/cwe/cwe-798", // Use of Hard-coded Credentials
	catalog.CISecrets:     "external/cwe/cwe-798",
	catalog.GitignoreEnv:  "external/cwe/cwe-538", // Insertion of Sensitive Information into Externally-Accessible File
	catalog.BrowserTokens: "external/cwe/cwe-522", // Insufficiently Protected Credentials
	catalog.PIIRedaction:  "external/cwe/cwe-359", // Exposure of Private Personal Information
	catalog.WebhookAuth:   "external/cwe/cwe-345", // Insufficient Verification of Data Authenticity
}

func addSARIFRule(run *sarif.Run, ri catalog.Rule) {
	desc := cmp.Or(ri.Description, ri.ID)
	full := desc
	item, hasItem := catalog.ItemByID(ri.Checklist)
	if hasItem {
		full = fmt.Sprintf("%s. Checklist item %s: %s.", strings.TrimSuffix(desc, "."), item.ID, item.Title)
	}
	rule := run.AddRule(ri.ID).
		WithName(pascalCase(ri.ID)).
		WithShortDescription(sarif.NewMultiformatMessageString(desc)).
		WithFullDescription(sarif.NewMultiformatMessageString(full)).
		WithHelpURI(informationURI + "#the-checklist").
		WithDefaultConfiguration(&sarif.ReportingConfiguration{Level: sarifLevel(ri.Severity)})
	text, markdown := ruleHelp(ri, desc, item, hasItem)
	rule.WithHelp(&sarif.MultiformatMessageString{Text: &text, Markdown: &markdown})
	tags := []string{"security", "assemblyai"}
	if hasItem {
		tags = append(tags, "checklist/"+item.ID)
	}
	if cwe, ok := cweTags[ri.Checklist]; ok {
		tags = append(tags, cwe)
	}
	props := sarif.Properties{
		"security-severity": securitySeverity(ri.Severity),
		"tags":              tags,
		"severity":          string(ri.Severity),
	}
	if ri.Checklist != "" {
		props["checklist"] = ri.Checklist
	}
	if ri.Source != "" {
		props["source"] = ri.Source
	}
	rule.WithProperties(props)
}

// ruleHelp is the rule's help: what to do about a finding (the rule's own
// remediation, else the checklist item's) and the checklist item it
// belongs to, as plain text and as Markdown (escaped: rule descriptions
// come from the user's configuration).
func ruleHelp(ri catalog.Rule, desc string, item catalog.Item, hasItem bool) (text, markdown string) {
	fix := ri.Remediation
	if fix == "" && hasItem {
		fix = item.Remediation
	}
	var t, m strings.Builder
	t.WriteString(desc + "\n")
	m.WriteString("**" + mdText(desc) + "**\n")
	if fix != "" {
		t.WriteString("\nHow to fix: " + fix + "\n")
		m.WriteString("\n**How to fix:** " + mdText(fix) + "\n")
	}
	if hasItem {
		t.WriteString(fmt.Sprintf("\nAssemblyAI security checklist, item %s: %s.\n", item.ID, item.Title))
		m.WriteString(fmt.Sprintf("\nAssemblyAI security checklist, item `%s`: %s.\n", item.ID, mdText(item.Title)))
		if ri.Remediation != "" {
			t.WriteString(item.Remediation + "\n")
			m.WriteString(mdText(item.Remediation) + "\n")
		}
	}
	return t.String(), m.String()
}

// pascalCase turns a rule id into a SARIF rule name: assemblyai-api-key
// becomes AssemblyaiApiKey.
func pascalCase(id string) string {
	var b strings.Builder
	up := true
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "Rule"
	}
	return b.String()
}

// addChecklistTaxonomy describes the nine checklist items as a taxonomy
// (with their grades when the report has a checklist) and returns each
// item's index among the taxa.
func addChecklistTaxonomy(run *sarif.Run, r *Report) map[string]int {
	graded := map[string]int{}
	for i, c := range r.Checklist {
		graded[c.ID] = i
	}
	tax := &sarif.ToolComponent{
		Name:             checklistTaxonomy,
		GUID:             ptr(checklistTaxonomyGUID),
		Organization:     ptr("aaiguard"),
		ShortDescription: sarif.NewMultiformatMessageString("The AssemblyAI security checklist that aaiguard grades a repository against."),
		// The schema has no null arrays; this library writes "rules" always.
		Rules: []*sarif.ReportingDescriptor{},
	}
	index := map[string]int{}
	for i, item := range catalog.Items() {
		index[item.ID] = i
		taxon := sarif.NewRule(item.ID).
			WithName(pascalCase(item.ID)).
			WithShortDescription(sarif.NewMultiformatMessageString(item.Title)).
			WithHelp(sarif.NewMultiformatMessageString(item.Remediation))
		if gi, ok := graded[item.ID]; ok {
			c := r.Checklist[gi]
			props := sarif.Properties{"status": string(c.Status), "findings": c.Findings}
			if c.Reason != "" {
				props["reason"] = c.Reason
			}
			if len(c.Evidence) > 0 {
				props["evidence"] = c.Evidence
			}
			taxon.WithProperties(props)
		}
		tax.Taxa = append(tax.Taxa, taxon)
	}
	run.AddTaxonomy(tax)
	ref := checklistRef()
	run.Tool.Driver.SupportedTaxonomies = []*sarif.ToolComponentReference{ref}
	return index
}

func checklistRef() *sarif.ToolComponentReference {
	return sarif.NewToolComponentReference().WithName(checklistTaxonomy).WithIndex(0).WithGuid(checklistTaxonomyGUID)
}

// addSARIFResult adds f's result; false when f's path would lead outside
// the root (a ".." component), so the result points at the root instead.
func addSARIFResult(run *sarif.Run, f finding.Finding, opts Options, repoPath string, taxonIndex map[string]int, seenFP map[string]int) bool {
	res := run.CreateResultForRule(f.Rule).
		WithLevel(sarifLevel(f.Severity)).
		WithMessage(sarif.NewTextMessage(Sanitize(resultMessage(f, opts))))
	region := sarif.NewRegion()
	props := sarif.Properties{"severity": string(f.Severity)}
	if f.Line > 0 {
		region.WithStartLine(f.Line)
		if f.Column > 0 {
			region.WithStartColumn(f.Column)
			if f.EndLine > f.Line {
				region.WithEndLine(f.EndLine)
			}
			if f.EndColumn > 0 && (f.EndLine > f.Line || f.EndColumn > f.Column) {
				region.WithEndColumn(f.EndColumn)
			}
		}
	} else {
		// SARIF lines are 1-based and GitHub requires region.startLine: a
		// finding about a whole file points at its first line.
		region.WithStartLine(1)
		props["wholeFile"] = true
	}
	uri, inside := safeURI(repoPath, f.File)
	if !inside {
		// The data stays in properties (JSON-escaped); no URI leaves the root.
		props["pathOutsideRoot"] = f.File
	}
	res.AddLocation(sarif.NewLocationWithPhysicalLocation(
		sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri)).
			WithRegion(region)))
	if f.Fingerprint != "" {
		// The same secret twice in one file (or in the work tree and in the
		// commit that added it) has one content fingerprint; the n-th
		// repetition gets ":n" so each result keeps its own alert, the way
		// GitHub numbers repeated line hashes.
		fp := f.Fingerprint
		seenFP[fp]++
		if n := seenFP[fp]; n > 1 {
			fp = fmt.Sprintf("%s:%d", fp, n)
		}
		res.WithPartialFingerPrints(map[string]interface{}{FingerprintKey: fp})
	}
	if i, ok := taxonIndex[f.Checklist]; ok {
		res.AddTaxa(sarif.NewReportingDescriptorReference().WithId(f.Checklist).WithIndex(i).WithToolComponentReference(checklistRef()))
	}
	if f.Checklist != "" {
		props["checklist"] = f.Checklist
	}
	if f.Source != "" {
		props["source"] = string(f.Source)
	}
	if showsSecret(f) {
		props["secret"] = f.Secret.Display(opts.ShowSecrets)
	}
	for k, v := range map[string]string{"commit": f.Commit, "author": f.Author, "email": f.Email, "date": f.Date, "verification": f.Verification} {
		if v != "" {
			props[k] = v
		}
	}
	if len(f.Also) > 0 {
		// The other places' files are URI references like the primary
		// location's (percent-encoded, relative to the repository's top,
		// never outside it), their notes sanitised like messages.
		also := make([]sarifPlace, 0, len(f.Also))
		for _, a := range f.Also {
			u, _ := safeURI(repoPath, a.File)
			also = append(also, sarifPlace{File: u, Line: a.Line, Commit: a.Commit, Date: a.Date, Note: Sanitize(a.Note)})
		}
		props["also"] = also
	}
	if f.Remediation != "" {
		props["remediation"] = Sanitize(f.Remediation)
	}
	// Places in the scanned tree that the finding concerns (a helper's call
	// site, the other reads of a variable, the other requests) are related
	// locations, which code scanning shows with the alert. Places in other
	// commits stay in properties only: the checked-out file may differ.
	for _, a := range f.Also {
		u, ok := safeURI(repoPath, a.File)
		if a.Commit != "" || a.File == "" || !ok {
			continue
		}
		region := sarif.NewRegion().WithStartLine(max(a.Line, 1))
		loc := sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(u)).
			WithRegion(region)).WithId(len(res.RelatedLocations) + 1)
		loc.WithMessage(sarif.NewTextMessage(Sanitize(cmp.Or(a.Note, "related location"))))
		res.AddRelatedLocation(loc)
	}
	res.Properties = props
	return inside
}

// sarifPlace is a finding.Location in SARIF properties: File is a URI
// reference (safeURI).
type sarifPlace struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Commit string `json:"commit,omitempty"`
	Date   string `json:"date,omitempty"`
	Note   string `json:"note,omitempty"`
}

// safeURI is fileURI for a path that stays inside the root. A path with a
// ".." component (a history tree entry "x/../../etc/evil.py", ".git/..",
// which git's fsck rejects), or an absolute one, would make a URI that
// resolves outside the checkout: it is the root (".", or repoPath) instead,
// and ok is false. The one exception is the tool's own way of naming a file
// above a subdirectory scan: leading ".." components that repoPath (the
// scanned directory below the repository's top) absorbs, as in
// "../.gitignore" scanned from src/. Backslashes count as separators, as
// viewers on Windows read them.
func safeURI(repoPath, p string) (uri string, ok bool) {
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "\\") {
		return fileURI(repoPath, ""), false
	}
	sep := func(r rune) bool { return r == '/' || r == '\\' }
	parts := strings.FieldsFunc(p, sep)
	up := 0
	for up < len(parts) && parts[up] == ".." {
		up++
	}
	if depth := len(strings.FieldsFunc(path.Clean("/"+repoPath), sep)); up > depth {
		return fileURI(repoPath, ""), false
	}
	if slices.Contains(parts[up:], "..") {
		return fileURI(repoPath, ""), false
	}
	return fileURI(repoPath, p), true
}

// resultMessage is the finding's message, with the redacted secret (so a
// reader can tell which key to rotate) and the commit for history findings.
func resultMessage(f finding.Finding, opts Options) string {
	m := cmp.Or(f.Message, f.Rule)
	if showsSecret(f) {
		m += ": " + f.Secret.Display(opts.ShowSecrets)
	}
	if f.Commit != "" {
		c := f.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		m += " (in commit " + c + ")"
	}
	if !strings.HasSuffix(m, ".") {
		m += "."
	}
	return m
}

// fileURI turns a slash-separated path relative to the scanned root into a
// URI reference relative to the repository's top (repoPath is the scanned
// root inside the repository): reserved and non-ASCII characters are
// percent-encoded ("a b#c.py" is "a%20b%23c.py"), and a first segment with
// a colon gets "./" so it is not read as a scheme. A finding about the
// scanned root as a whole (no file) points at the root: ".", or repoPath.
func fileURI(repoPath, p string) string {
	p = path.Join(repoPath, p)
	if p == "" || p == "." {
		return "."
	}
	u := url.URL{Path: p}
	return u.String()
}

func addInvocation(run *sarif.Run, s *Summary, repoPath string, outside []string) {
	ok := s == nil || len(s.Errors) == 0
	inv := run.AddInvocation(ok)
	note := func(level, text string, file string) {
		n := sarif.NewNotification().WithLevel(level).WithMessage(sarif.NewTextMessage(Sanitize(text)))
		if u, inside := safeURI(repoPath, file); file != "" && inside {
			n.WithLocations([]*sarif.Location{sarif.NewLocationWithPhysicalLocation(
				sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(u)))})
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	for _, p := range outside {
		note("warning", fmt.Sprintf("a finding's path %q has a \"..\" component (git's fsck rejects such tree entries): it is reported at the repository's root, the path kept in properties.pathOutsideRoot", p), "")
	}
	if s == nil {
		return
	}
	for _, e := range s.Errors {
		note("error", e, "")
	}
	for _, sk := range s.SkippedLarge {
		note("warning", fmt.Sprintf("skipped %s (%s): %s", sk.Path, HumanBytes(sk.Size), sk.Reason), sk.Path)
	}
	for _, n := range s.Notes {
		note("note", n, "")
	}
	props := sarif.Properties{
		"command":       s.Command,
		"filesScanned":  s.FilesScanned,
		"bytesScanned":  s.BytesScanned,
		"skippedBinary": s.SkippedBinary,
		"durationMs":    s.DurationMS,
	}
	if s.Commits > 0 || s.Blobs > 0 {
		props["commits"], props["blobs"] = s.Commits, s.Blobs
	}
	if s.Shallow {
		props["shallow"] = true
	}
	if s.Baselined > 0 {
		props["baselined"] = s.Baselined
	}
	if s.RepoPath != "" {
		props["repoPath"] = s.RepoPath
	}
	inv.Properties = props
}

func ptr[T any](v T) *T { return &v }
