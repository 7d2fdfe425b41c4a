package facts

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// String renders a value compactly: strings quoted (holes as «?»), objects
// as {k=v,...} with a trailing "..." when open, unknown as "?" (or
// env:NAME).
func (v Value) String() string {
	switch v.Kind {
	case Str:
		return strconv.Quote(strings.ReplaceAll(v.Str, Hole, "«?»"))
	case Bool:
		return strconv.FormatBool(v.Bool)
	case Num:
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	case Null:
		return "null"
	case List:
		var parts []string
		for _, it := range v.Items {
			parts = append(parts, it.String())
		}
		if v.Open {
			parts = append(parts, "...")
		}
		return "[" + strings.Join(parts, ",") + "]"
	case Obj:
		var parts []string
		for _, k := range v.Obj.Keys {
			parts = append(parts, k+"="+v.Obj.Vals[k].String())
		}
		if v.Obj.Open {
			parts = append(parts, "...")
		}
		for _, s := range v.Obj.BrokenSetters {
			parts = append(parts, "broken:"+s)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	if v.Env != "" {
		return "env:" + v.Env
	}
	return "?"
}

// Summary renders the facts one per line, sorted, for tests and debugging:
// "kind line: what [detail]".
func (f *File) Summary() []string {
	var out []string
	add := func(kind string, s Site, detail string) {
		line := fmt.Sprintf("%s %d: %s", kind, s.Line, s.What)
		if detail != "" {
			line += " " + detail
		}
		out = append(out, line)
	}
	for _, r := range f.Requests {
		add("request", r.Site, r.Params.String())
	}
	for _, t := range f.Tokens {
		add("token", t.Site, t.Param+"="+t.Expires.String())
	}
	for _, s := range f.Streaming {
		add("streaming", s.Site, "rawkey="+strconv.FormatBool(s.RawKey))
	}
	for _, group := range []struct {
		kind  string
		sites []Site
	}{{"delete", f.Deletes}, {"client", f.Clients}, {"apicall", f.APICalls}, {"keyread", f.KeyReads},
		{"publicenv", f.PublicEnv}, {"keyresponse", f.KeyResponses}, {"setter", f.SetterOverwrites},
		{"import", f.Imports}, {"host", f.Hosts}, {"keyliteral", f.KeyLiterals}} {
		for _, s := range group.sites {
			add(group.kind, s, "")
		}
	}
	if f.UseClient {
		out = append(out, "use-client")
	}
	sort.Strings(out)
	return out
}
