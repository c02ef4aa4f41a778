# A flexgo Flex service on Cloud Functions gen2. Kinvey calls it with the shared secret, so the
# function is public and the secret is checked by flexgo.

data "google_project" "this" {}

resource "google_project_service" "services" {
  for_each           = toset(["cloudfunctions.googleapis.com", "cloudbuild.googleapis.com", "run.googleapis.com", "secretmanager.googleapis.com", "artifactregistry.googleapis.com"])
  service            = each.value
  disable_on_destroy = false
}

resource "google_service_account" "function" {
  account_id   = substr("${var.name}-fn", 0, 30)
  display_name = "flexgo function ${var.name}"
}

# The function's own service account may read the shared secret, and nothing else may by this deploy.
resource "google_secret_manager_secret_iam_member" "function_reads_secret" {
  secret_id = var.shared_secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function.email}"
}

data "archive_file" "source" {
  type        = "zip"
  source_dir  = var.source_dir
  output_path = "${path.module}/${var.name}.zip"
}

resource "google_storage_bucket" "source" {
  name                        = "${data.google_project.this.project_id}-${var.name}-source"
  location                    = var.region
  uniform_bucket_level_access = true
  force_destroy               = true
}

# The object name carries the zip's hash, so a changed source redeploys the function.
resource "google_storage_bucket_object" "source" {
  name   = "${var.name}-${data.archive_file.source.output_md5}.zip"
  bucket = google_storage_bucket.source.name
  source = data.archive_file.source.output_path
}

resource "google_cloudfunctions2_function" "flex" {
  name     = var.name
  location = var.region

  build_config {
    runtime     = "go126"
    entry_point = var.entry_point
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.source.name
      }
    }
  }

  service_config {
    timeout_seconds       = var.timeout_seconds
    available_memory      = var.memory
    min_instance_count    = 0 # idle functions cost nothing
    max_instance_count    = var.max_instances
    service_account_email = google_service_account.function.email
    environment_variables = merge(var.environment, {
      FLEX_LOG_LEVEL = var.log_level
      # flexgo answers a little before Cloud Run's own timeout.
      FLEX_TIMEOUT = "${max(var.timeout_seconds - 1, 1)}s"
    })
    secret_environment_variables {
      key        = "FLEX_SHARED_SECRET"
      project_id = data.google_project.this.project_id
      secret     = var.shared_secret_id
      version    = var.shared_secret_version
    }
  }

  depends_on = [google_project_service.services, google_secret_manager_secret_iam_member.function_reads_secret]
}

# Public invocation: Kinvey is the caller, and flexgo checks its shared secret on every request.
resource "google_cloud_run_service_iam_member" "public" {
  location = google_cloudfunctions2_function.flex.location
  service  = google_cloudfunctions2_function.flex.service_config[0].service
  role     = "roles/run.invoker"
  member   = "allUsers"
}
