# A flexgo Flex service on Cloud Functions gen2. Kinvey calls it with the shared secret, so the
# function is public and the secret is checked by flexgo.

# The names derived from var.name and var.project, checked against Google's rules at plan time.
module "names" {
  source  = "./modules/names"
  project = var.project
  name    = var.name
  bucket  = var.source_bucket
}

resource "google_project_service" "services" {
  for_each           = toset(["cloudfunctions.googleapis.com", "cloudbuild.googleapis.com", "run.googleapis.com", "secretmanager.googleapis.com", "artifactregistry.googleapis.com", "iam.googleapis.com", "storage.googleapis.com"])
  service            = each.value
  disable_on_destroy = false
}

resource "google_service_account" "function" {
  account_id   = module.names.service_account_id
  display_name = "flexgo function ${var.name}"
  depends_on   = [google_project_service.services] # the IAM API must be on first
}

# The function's own service account may read the shared secret, and nothing else may by this deploy.
resource "google_secret_manager_secret_iam_member" "function_reads_secret" {
  secret_id  = var.shared_secret_id
  role       = "roles/secretmanager.secretAccessor"
  member     = "serviceAccount:${google_service_account.function.email}"
  depends_on = [google_project_service.services]
}

data "archive_file" "source" {
  type        = "zip"
  source_dir  = var.source_dir
  output_path = "${path.module}/${var.name}.zip"
}

resource "google_storage_bucket" "source" {
  name                        = module.names.bucket
  location                    = var.region
  uniform_bucket_level_access = true
  force_destroy               = true
  depends_on                  = [google_project_service.services]
}

# The object name carries the zip's hash, so a changed source redeploys the function.
resource "google_storage_bucket_object" "source" {
  name   = "${var.name}-${data.archive_file.source.output_md5}.zip"
  bucket = google_storage_bucket.source.name
  source = data.archive_file.source.output_path
}

resource "google_cloudfunctions2_function" "flex" {
  name     = module.names.function
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
      project_id = var.project
      secret     = var.shared_secret_id
      version    = var.shared_secret_version
    }
    # While a rotation is under way, the version being rotated out is accepted too.
    dynamic "secret_environment_variables" {
      for_each = var.shared_secret_previous_version == "" ? [] : [var.shared_secret_previous_version]
      content {
        key        = "FLEX_SHARED_SECRET_PREVIOUS"
        project_id = var.project
        secret     = var.shared_secret_id
        version    = secret_environment_variables.value
      }
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
