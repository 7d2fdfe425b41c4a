package vendored

import "testing"

func TestDir(t *testing.T) {
	for _, tc := range []struct {
		path, dir string
	}{
		{"node_modules/pkg/.env", "node_modules"},
		{"web/node_modules/@scope/pkg/index.js", "web/node_modules"},
		{"vendor/github.com/x/y/client.go", "vendor"},
		{"app/vendor/bundle/ruby/gems/x.rb", "app/vendor"},
		{"third_party/lib/aai.py", "third_party"},
		{".venv/lib/python3.12/site-packages/assemblyai/client.py", ".venv"},
		{"env/lib/python3.12/site-packages/assemblyai/client.py", "env/lib/python3.12/site-packages"},
		{"./bower_components/x/y.js", "bower_components"},
		// Not vendored: the file itself, look-alike names, the project's own.
		{"vendor", ""},
		{"node_modules", ""},
		{"src/vendor.js", ""},
		{"src/my_node_modules/x.js", ""},
		{"vendors/x.js", ""},
		{"third-party-notes/x.md", ""},
		{".env", ""},
		{"venv.py", ""},
		{"src/app.py", ""},
	} {
		dir, ok := Dir(tc.path)
		if dir != tc.dir || ok != (tc.dir != "") {
			t.Errorf("Dir(%q) = %q, %v; want %q", tc.path, dir, ok, tc.dir)
		}
	}
}
