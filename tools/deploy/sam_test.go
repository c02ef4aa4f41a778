package deploy

import (
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
	src, err := os.ReadFile("../../template.yaml")
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
// exactly as `sam build` does for BuildMethod makefile (aws-lambda-builders' custom_make workflow,
// read and run here: it copies CodeUri to a scratch directory, leaving out .git and .aws-sam, and
// runs `make --makefile <CodeUri>/Makefile build-<LogicalId>` there with ARTIFACTS_DIR set and
// nothing else: no GOOS, GOARCH or CGO_ENABLED). The bootstrap must then be what flexgo measures:
// static, linux/arm64, lambda.norpc, -trimpath, stripped, and small.
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
		case meta["BuildMethod"] != "makefile":
			// go1.x runs a plain `go build` with only GOOS and GOARCH set: a bootstrap with debug
			// info, build paths and aws-lambda-go's RPC mode, 12 MB instead of 6.
			t.Errorf("%s: BuildMethod %v, want makefile", name, meta["BuildMethod"])
		}
		env, _ := props["Environment"].(map[string]any)
		vars, _ := env["Variables"].(map[string]any)
		if _, plain := vars["FLEX_SHARED_SECRET"]; plain {
			t.Errorf("%s: the shared secret is a plain environment variable", name)
		}
		if _, ok := vars["FLEX_SHARED_SECRET_ARN"]; !ok {
			t.Errorf("%s: no FLEX_SHARED_SECRET_ARN", name)
		}
		if testing.Short() {
			continue
		}
		codeURI, _ := props["CodeUri"].(string)
		bin := samMakeBuild(t, name, filepath.Join("..", "..", filepath.FromSlash(codeURI)))
		if bin == "" {
			continue
		}
		checkLeanBootstrap(t, name, bin)
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

// samMakeBuild does what `sam build` does for a BuildMethod makefile function and returns the
// bootstrap it made, or "" after reporting why it failed.
func samMakeBuild(t *testing.T, logicalID, codeDir string) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(codeDir, "Makefile")); err != nil {
		t.Errorf("%s: no Makefile in CodeUri %s", logicalID, codeDir)
		return ""
	}
	scratch := t.TempDir()
	if err := copyTree(codeDir, scratch, map[string]bool{".git": true, ".aws-sam": true}); err != nil {
		t.Fatal(err)
	}
	artifacts := t.TempDir()
	cmd := exec.Command("make", "--makefile", filepath.Join(scratch, "Makefile"), "build-"+logicalID)
	cmd.Dir = scratch
	cmd.Env = append(withoutGoTarget(os.Environ()), "ARTIFACTS_DIR="+artifacts)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s: make build-%s as sam build runs it: %v\n%s", logicalID, logicalID, err, out)
		return ""
	}
	bin := filepath.Join(artifacts, "bootstrap")
	if _, err := os.Stat(bin); err != nil {
		t.Errorf("%s: the build left no bootstrap in ARTIFACTS_DIR", logicalID)
		return ""
	}
	return bin
}

// withoutGoTarget drops what SAM does not set, so the Makefile must.
func withoutGoTarget(env []string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOOS", "GOARCH", "CGO_ENABLED", "GOFLAGS":
			continue
		}
		out = append(out, kv)
	}
	return out
}

// maxBootstrapBytes bounds the bootstrap: 8.5 MiB measured with the lean flags (6.4 MiB before
// goccy/go-json, see docs/performance.md), 13.7 MiB without them.
const maxBootstrapBytes = 10 << 20

// checkLeanBootstrap reads the build settings recorded in the binary (what `go version -m` prints)
// and its ELF sections.
func checkLeanBootstrap(t *testing.T, name, bin string) {
	t.Helper()
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	for k, want := range map[string]string{"GOOS": "linux", "GOARCH": "arm64", "CGO_ENABLED": "0",
		"-trimpath": "true", "-tags": "lambda.norpc"} {
		if settings[k] != want {
			t.Errorf("%s: the bootstrap was built with %s=%q, want %q (all: %v)", name, k, settings[k], want, settings)
		}
	}
	// -ldflags is not recorded under -trimpath: -s -w show as the absence of symbols and DWARF.
	f, err := elf.Open(bin)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	defer f.Close()
	for _, sec := range f.Sections {
		if sec.Name == ".symtab" || strings.HasPrefix(sec.Name, ".debug_") || strings.HasPrefix(sec.Name, ".zdebug_") {
			t.Errorf("%s: the bootstrap has a %s section: not built with -ldflags='-s -w'", name, sec.Name)
		}
	}
	st, _ := os.Stat(bin)
	if st.Size() > maxBootstrapBytes {
		t.Errorf("%s: bootstrap %d bytes, over %d", name, st.Size(), maxBootstrapBytes)
	}
	t.Logf("%s: sam build's bootstrap for linux/arm64 is %d bytes (%.2f MiB), %s", name, st.Size(),
		float64(st.Size())/(1<<20), info.GoVersion)
}

// copyTree copies the regular files below src into dst, leaving out the top-level names in skip.
func copyTree(src, dst string, skip map[string]bool) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel == "." {
			return nil
		}
		if skip[rel] {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, _ := d.Info()
		return os.WriteFile(target, b, info.Mode().Perm())
	})
}

// resource returns a resource of the template by logical id.
func resource(t *testing.T, tpl map[string]any, id string) map[string]any {
	t.Helper()
	res, _ := tpl["Resources"].(map[string]any)[id].(map[string]any)
	if res == nil {
		t.Fatalf("template.yaml has no resource %s", id)
	}
	return res
}

// TestFunctionURLIsInvokable: since October 2025 a Function URL with AuthType NONE answers 403
// unless the function's resource policy allows both lambda:InvokeFunctionUrl and
// lambda:InvokeFunction, the latter only through the URL (InvokedViaFunctionUrl); see
// https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html. SAM's own FunctionUrlConfig
// writes the same pair (aws-sam-translator 1.110, sam_resources.py).
func TestFunctionURLIsInvokable(t *testing.T) {
	tpl := loadTemplate(t)
	resources, _ := tpl["Resources"].(map[string]any)
	for id, r := range resources {
		url, _ := r.(map[string]any)
		if url["Type"] != "AWS::Lambda::Url" {
			continue
		}
		props, _ := url["Properties"].(map[string]any)
		if props["AuthType"] != "NONE" {
			continue
		}
		target, _ := props["TargetFunctionArn"].(map[string]any)["Fn::GetAtt"].([]any)
		if len(target) == 0 {
			t.Fatalf("%s: TargetFunctionArn is not a GetAtt", id)
		}
		fn := target[0]
		var urlAction, invokeAction bool
		for pid, pr := range resources {
			perm, _ := pr.(map[string]any)
			if perm["Type"] != "AWS::Lambda::Permission" {
				continue
			}
			pp, _ := perm["Properties"].(map[string]any)
			ref, _ := pp["FunctionName"].(map[string]any)
			if ref["Ref"] != fn || pp["Principal"] != "*" || perm["Condition"] != url["Condition"] {
				continue
			}
			switch pp["Action"] {
			case "lambda:InvokeFunctionUrl":
				urlAction = urlAction || pp["FunctionUrlAuthType"] == "NONE"
			case "lambda:InvokeFunction":
				if pp["InvokedViaFunctionUrl"] != true {
					t.Errorf("%s: lambda:InvokeFunction for everyone without InvokedViaFunctionUrl: a public Invoke API", pid)
					continue
				}
				invokeAction = true
			}
		}
		if !urlAction {
			t.Errorf("%s: no permission grants lambda:InvokeFunctionUrl (FunctionUrlAuthType NONE) on %v", id, fn)
		}
		if !invokeAction {
			t.Errorf("%s: no permission grants lambda:InvokeFunction with InvokedViaFunctionUrl on %v: the URL answers 403", id, fn)
		}
	}
}

// TestSecretsExtensionLayerIsChosenPerRegion: AWS publishes the Parameters and Secrets extension
// from a different account in each region, so a default ARN works in one region only. The
// parameter has no default, must name the arm64 layer, and says where to find it.
func TestSecretsExtensionLayerIsChosenPerRegion(t *testing.T) {
	tpl := loadTemplate(t)
	p, _ := tpl["Parameters"].(map[string]any)["SecretsExtensionLayerArn"].(map[string]any)
	if p == nil {
		t.Fatal("no SecretsExtensionLayerArn parameter")
	}
	if d, ok := p["Default"]; ok {
		t.Errorf("SecretsExtensionLayerArn has a default (%v): it would be wrong outside its region", d)
	}
	re := regexp.MustCompile(p["AllowedPattern"].(string))
	for arn, want := range map[string]bool{
		"arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:12": true,
		"arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension:12":       false, // x86_64
		"arn:aws:lambda:eu-west-1:015030872274:layer:SomethingElse:1":                                      false,
	} {
		if re.MatchString(arn) != want {
			t.Errorf("AllowedPattern accepts %s: %v, want %v", arn, !want, want)
		}
	}
	if d, _ := p["Description"].(string); !strings.Contains(d, "docs.aws.amazon.com") || !strings.Contains(d, "get-layer-version-by-arn") {
		t.Errorf("the description does not say where to find the ARN and how to check it: %q", d)
	}
}

// TestHTTPAPIAccessLogsAndTracing: the HTTP API writes access logs (on by default) to a log group
// with a retention, and tracing is a parameter.
func TestHTTPAPIAccessLogsAndTracing(t *testing.T) {
	tpl := loadTemplate(t)
	params, _ := tpl["Parameters"].(map[string]any)
	for name, def := range map[string]any{"EnableAccessLogs": "true", "EnableTracing": "false"} {
		p, _ := params[name].(map[string]any)
		if p == nil || p["Default"] != def {
			t.Errorf("parameter %s: %v, want a default of %v", name, p, def)
		}
	}
	api := resource(t, tpl, "BookstoreHttpApi")
	if api["Type"] != "AWS::Serverless::HttpApi" {
		t.Fatalf("BookstoreHttpApi is a %v", api["Type"])
	}
	settings, _ := api["Properties"].(map[string]any)["AccessLogSettings"].(map[string]any)["Fn::If"].([]any)
	if len(settings) != 3 || settings[0] != "WantAccessLogs" {
		t.Fatalf("AccessLogSettings is not conditional on EnableAccessLogs: %v", settings)
	}
	on, _ := settings[1].(map[string]any)
	format, _ := on["Format"].(string)
	if !strings.Contains(format, "$context.requestId") {
		t.Errorf("the access log format lacks $context.requestId, which API Gateway requires: %s", format)
	}
	var line map[string]string
	if err := json.Unmarshal([]byte(format), &line); err != nil {
		t.Errorf("the access log format is not a JSON object: %v\n%s", err, format)
	}
	logs := resource(t, tpl, "BookstoreAccessLogs")
	if logs["Type"] != "AWS::Logs::LogGroup" || logs["Properties"].(map[string]any)["RetentionInDays"] == nil {
		t.Errorf("the access log group has no retention: %v", logs)
	}
	dest, _ := on["DestinationArn"].(map[string]any)["Fn::GetAtt"].([]any)
	if len(dest) != 2 || dest[0] != "BookstoreAccessLogs" {
		t.Errorf("access logs go to %v", on["DestinationArn"])
	}
	fn := resource(t, tpl, "BookstoreFunction")
	tracing, _ := fn["Properties"].(map[string]any)["Tracing"].(map[string]any)["Fn::If"].([]any)
	if len(tracing) != 3 || tracing[0] != "WantTracing" || tracing[1] != "Active" {
		t.Errorf("Tracing is not Active under EnableTracing: %v", fn["Properties"].(map[string]any)["Tracing"])
	}
	for _, ev := range []string{"Root", "Everything"} {
		e, _ := fn["Properties"].(map[string]any)["Events"].(map[string]any)[ev].(map[string]any)
		ref, _ := e["Properties"].(map[string]any)["ApiId"].(map[string]any)
		if ref["Ref"] != "BookstoreHttpApi" {
			t.Errorf("event %s is not on BookstoreHttpApi (the logged API): %v", ev, e)
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
