package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const providerSchemas = "../../shared/schemas/terraform-providers.schema.json"

func loadSchemas(t *testing.T) *ProviderSchemas {
	t.Helper()
	s, err := LoadSchemas(providerSchemas)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent: the terraform files cannot be checked against the provider schemas here", providerSchemas)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTerraformFitsProviderSchemas(t *testing.T) {
	schemas := loadSchemas(t)
	files, _ := filepath.Glob("../terraform/*.tf")
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
	src, err := os.ReadFile("../terraform/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`runtime     = "go126"`, "min_instance_count    = 0", "secret_environment_variables {",
		`key        = "FLEX_SHARED_SECRET"`, `role      = "roles/secretmanager.secretAccessor"`, `member   = "allUsers"`,
		`role     = "roles/run.invoker"`, `data "archive_file" "source"`} {
		if !strings.Contains(string(src), want) {
			t.Errorf("main.tf lacks %q", want)
		}
	}
}

func TestTerraformFmt(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not installed")
	}
	out, err := exec.Command(tf, "fmt", "-check", "-recursive", "../terraform").CombinedOutput()
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
