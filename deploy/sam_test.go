package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// samSchema is kept in the repository (testdata/README.md says where it came from), so every
// clone validates the template.
const samSchema = "testdata/sam.schema.json"

func loadTemplate(t *testing.T) map[string]any {
	t.Helper()
	src, err := os.ReadFile("../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := LoadTemplate(src)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// regexp2Engine compiles the schema's patterns with lookaheads, which Go's regexp lacks.
func regexp2Engine(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return regexp2Matcher{re}, nil
}

type regexp2Matcher struct{ re *regexp2.Regexp }

func (m regexp2Matcher) MatchString(s string) bool {
	ok, _ := m.re.MatchString(s)
	return ok
}
func (m regexp2Matcher) String() string { return m.re.String() }

func TestTemplateValidatesAgainstSAMSchema(t *testing.T) {
	f, err := os.Open(samSchema)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.UseRegexpEngine(regexp2Engine)
	if err := c.AddResource("sam.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sam.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(any(loadTemplate(t))); err != nil {
		t.Fatalf("template.yaml does not validate:\n%s", validationDetail(err))
	}

	// The schema is not vacuous: a Function URL without its AuthType is refused.
	bad := loadTemplate(t)
	fn := bad["Resources"].(map[string]any)["BookstoreFunction"].(map[string]any)
	fn["Properties"].(map[string]any)["FunctionUrlConfig"] = map[string]any{"Cors": map[string]any{}}
	if err := sch.Validate(any(bad)); err == nil {
		t.Fatal("a Function URL without AuthType validated")
	}
}

// TestTemplateFunctions checks directly what the schema lets through, and builds every function
// as `sam build` would (its CodeUri, GOOS=linux GOARCH=arm64), with the flags the README gives.
func TestTemplateFunctions(t *testing.T) {
	tpl := loadTemplate(t)
	resources, _ := tpl["Resources"].(map[string]any)
	functions := 0
	for name, r := range resources {
		res, _ := r.(map[string]any)
		if res["Type"] != "AWS::Serverless::Function" {
			continue
		}
		functions++
		props, _ := res["Properties"].(map[string]any)
		meta, _ := res["Metadata"].(map[string]any)
		arch, _ := props["Architectures"].([]any)
		switch {
		case props["Runtime"] != "provided.al2023":
			t.Errorf("%s: Runtime %v", name, props["Runtime"])
		case props["Handler"] != "bootstrap":
			t.Errorf("%s: Handler %v", name, props["Handler"])
		case len(arch) != 1 || arch[0] != "arm64":
			t.Errorf("%s: Architectures %v", name, arch)
		case meta["BuildMethod"] != "go1.x":
			t.Errorf("%s: BuildMethod %v", name, meta["BuildMethod"])
		}
		env, _ := props["Environment"].(map[string]any)
		vars, _ := env["Variables"].(map[string]any)
		if _, plain := vars["FLEX_SHARED_SECRET"]; plain {
			t.Errorf("%s: the shared secret is a plain environment variable", name)
		}
		if _, ok := vars["FLEX_SHARED_SECRET_ARN"]; !ok {
			t.Errorf("%s: no FLEX_SHARED_SECRET_ARN", name)
		}
		codeURI, _ := props["CodeUri"].(string)
		dir := filepath.Join("..", filepath.FromSlash(codeURI))
		src, err := os.ReadFile(filepath.Join(dir, "main.go"))
		if err != nil || !strings.Contains(string(src), "package main") {
			t.Errorf("%s: CodeUri %s holds no main package", name, codeURI)
			continue
		}
		if testing.Short() {
			continue
		}
		out := filepath.Join(t.TempDir(), "bootstrap")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-tags", "lambda.norpc", "-o", out, ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: building %s as sam build would: %v\n%s", name, codeURI, err, b)
			continue
		}
		st, _ := os.Stat(out)
		t.Logf("%s: bootstrap for linux/arm64 is %d bytes", name, st.Size())
	}
	if functions == 0 {
		t.Fatal("template.yaml deploys no function")
	}
	params, _ := tpl["Parameters"].(map[string]any)
	for name, p := range params {
		pm, _ := p.(map[string]any)
		if strings.Contains(strings.ToLower(name), "secret") && pm["Default"] != nil && !strings.Contains(name, "Arn") {
			t.Errorf("parameter %s has a default: a secret must not", name)
		}
	}
}

// validationDetail lists each leaf error of a schema validation with where it applies.
func validationDetail(err error) string {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return err.Error()
	}
	var lines []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			lines = append(lines, "/"+strings.Join(e.InstanceLocation, "/")+": "+e.Error())
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return strings.Join(lines, "\n")
}
