package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flexgo/flexgo/internal/testenv"
)

// providerSchemas is kept in the repository (testdata/README.md says where it came from), so
// every clone checks the HCL.
const providerSchemas = "testdata/terraform-providers.schema.json"

func loadSchemas(t *testing.T) *ProviderSchemas {
	t.Helper()
	s, err := LoadSchemas(providerSchemas)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTerraformFitsProviderSchemas(t *testing.T) {
	schemas := loadSchemas(t)
	files, _ := filepath.Glob("../../terraform/*.tf")
	if len(files) == 0 {
		t.Fatal("no terraform files")
	}
	blocks := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		blocks += strings.Count(string(src), "\nresource ") + strings.Count(string(src), "\ndata ")
		for _, p := range CheckFile(f, src, schemas) {
			t.Error(p)
		}
	}
	t.Logf("%d terraform files, %d resource and data blocks checked", len(files), blocks)
}

func TestTerraformKeepsTheSecretInSecretManager(t *testing.T) {
	src, err := os.ReadFile("../../terraform/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(src)), " ") // terraform fmt aligns the = signs
	for _, want := range []string{`runtime = "go126"`, "min_instance_count = 0", "secret_environment_variables {",
		`key = "FLEX_SHARED_SECRET"`, `role = "roles/secretmanager.secretAccessor"`, `member = "allUsers"`,
		`role = "roles/run.invoker"`, `data "archive_file" "source"`} {
		if !strings.Contains(flat, want) {
			t.Errorf("main.tf lacks %q", want)
		}
	}
}

func TestTerraformFmt(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		testenv.Skip(t, "terraform is not installed")
	}
	out, err := exec.Command(tf, "fmt", "-check", "-recursive", "../../terraform").CombinedOutput()
	if err != nil {
		t.Fatalf("terraform fmt -check: %v\n%s", err, out)
	}
}

// TestCheckerCatchesMistakes feeds the checker one mistake of each kind.
func TestCheckerCatchesMistakes(t *testing.T) {
	schemas := loadSchemas(t)
	tests := []struct {
		name, src, want string
	}{
		{"unknown argument", `resource "google_storage_bucket" "b" {
  name = "x"
  location = "US"
  colour = "red"
}`, `unknown argument "colour"`},
		{"missing required", `resource "google_storage_bucket" "b" {
  name = "x"
}`, `missing required argument "location"`},
		{"unknown block", `resource "google_cloudfunctions2_function" "f" {
  name = "x"
  location = "us-central1"
  wings {}
}`, `unknown block "wings"`},
		{"misplaced block", `resource "google_cloudfunctions2_function" "f" {
  name = "x"
  location = "us-central1"
  service_config {
    build_config {}
  }
}`, `unknown block "build_config"`},
		{"block as argument", `resource "google_cloudfunctions2_function" "f" {
  name = "x"
  location = "us-central1"
  service_config = {}
}`, `"service_config" is a block, written as an argument`},
		{"too many blocks", `resource "google_cloudfunctions2_function" "f" {
  name = "x"
  location = "us-central1"
  service_config {}
  service_config {}
}`, `allows at most 1`},
		{"computed only", `resource "google_cloudfunctions2_function" "f" {
  name = "x"
  location = "us-central1"
  url = "https://example.com"
}`, `"url" is computed`},
		{"unknown type", `resource "google_teleporter" "t" {}`, "no such resource type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := CheckFile("bad.tf", []byte(tt.src), schemas)
			if !strings.Contains(strings.Join(problems, "\n"), tt.want) {
				t.Fatalf("want a problem with %q, got %q", tt.want, problems)
			}
		})
	}
}

// TestTerraformNamesRefusedAtPlanTime runs terraform itself on modules/names, the module that
// derives the service account id, the bucket and the function name from var.name and
// var.project: names Google would refuse at apply time must fail the plan, with a message that
// says what to change. The module needs no provider, so this runs offline.
func TestTerraformNamesRefusedAtPlanTime(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		testenv.Skip(t, "terraform is not installed")
	}
	dir := "../../terraform/modules/names"
	env := append(os.Environ(), "TF_DATA_DIR="+t.TempDir(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	run := func(args ...string) (string, error) {
		cmd := exec.Command(tf, append([]string{"-chdir=" + dir}, args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	for _, tt := range []struct {
		name, project, bucket string
		want                  []string // in the plan's output; an error when refused
		refused               bool
	}{
		{name: "flexgo-bookstore", project: "my-project", want: []string{`"flexgo-bookstore-fn"`, `"my-project-flexgo-bookstore-source"`}},
		{name: "abcd", project: "my-project", want: []string{`"abcd-fn"`}},
		{name: "abc", project: "my-project", refused: true, want: []string{"name must be 4 to 27 characters"}},
		{name: "abcdefghijklmnopqrstuvwxyz1", project: "my-project", want: []string{`"abcdefghijklmnopqrstuvwxyz1-fn"`}},
		// Too long: "…-fn" would be 32 characters (the old substr made "abc…-", ending in a hyphen).
		{name: "abcdefghijklmnopqrstuvwxyz-ab", project: "my-project", refused: true, want: []string{"name must be 4 to 27 characters"}},
		{name: "ab", project: "my-project", refused: true, want: []string{"name must be 4 to 27 characters"}},
		{name: "Books", project: "my-project", refused: true, want: []string{"name must start with a lower-case letter"}},
		{name: "books-", project: "my-project", refused: true, want: []string{"no hyphen last"}},
		{name: "books", project: "123456", refused: true, want: []string{"project must be a project id"}},
		{name: "abcdefghijklmnopqrstuvwxyz1", project: "my-project-1234567890123456789", refused: true,
			want: []string{"would be 65 characters", "Cloud Storage allows 3 to 63", "set source_bucket"}},
		{name: "abcdefghijklmnopqrstuvwxyz1", project: "my-project-1234567890123456789", bucket: "my-own-bucket", want: []string{`"abcdefghijklmnopqrstuvwxyz1-fn"`}},
		{name: "books", project: "my-project", bucket: "google-books", refused: true, want: []string{"breaks Cloud Storage's rules"}},
	} {
		out, err := run("plan", "-input=false", "-no-color", "-var", "name="+tt.name, "-var", "project="+tt.project, "-var", "bucket="+tt.bucket)
		if tt.refused != (err != nil) {
			t.Errorf("name %q project %q bucket %q: refused %v, want %v\n%s", tt.name, tt.project, tt.bucket, err != nil, tt.refused, out)
			continue
		}
		flat := strings.Join(strings.Fields(out), " ") // terraform wraps its messages
		for _, w := range tt.want {
			if !strings.Contains(flat, w) {
				t.Errorf("name %q project %q: the plan does not say %q:\n%s", tt.name, tt.project, w, out)
			}
		}
	}
}

// TestTerraformPlansWithoutTheNetwork: nothing in the root module reads the cloud at plan time (a
// data source of the google provider would, and fail without credentials): names come from the
// variables, through modules/names.
func TestTerraformPlansWithoutTheNetwork(t *testing.T) {
	files, _ := filepath.Glob("../../terraform/*.tf")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(line, `data "google`) {
				t.Errorf("%s: %s reads the cloud at plan time", f, line)
			}
		}
		flat := strings.Join(strings.Fields(string(src)), " ")
		for _, want := range map[string][]string{
			"main.tf": {"account_id = module.names.service_account_id", "name = module.names.bucket",
				"name = module.names.function"},
		}[filepath.Base(f)] {
			if !strings.Contains(flat, want) {
				t.Errorf("%s does not take its names from modules/names: no %q", f, want)
			}
		}
	}
}
