# The names a Cloud Functions deploy derives from var.name and var.project, checked against
# Google's rules at plan time: a name Google would refuse fails `terraform plan` with a message
# saying what to change, instead of failing `terraform apply` halfway through. The module needs no
# provider, so its checks run offline (deploy/terraform_test.go runs them with terraform itself).
#
# The rules:
# - service account ids: 6-30 characters, ^[a-z]([-a-z0-9]*[a-z0-9])?$
#   (https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/create, accountId);
# - project ids: 6-30 characters, a lower-case letter first, no hyphen last
#   (https://cloud.google.com/resource-manager/docs/creating-managing-projects);
# - bucket names: 3-63 characters of lower-case letters, digits, hyphens, underscores and dots,
#   a letter or digit at each end, not starting with "goog" nor containing "google"
#   (https://cloud.google.com/storage/docs/buckets#naming);
# - function ids: 4-63 characters (functionId of
#   https://cloud.google.com/functions/docs/reference/rest/v2/projects.locations.functions/create,
#   which is what the provider sends as the function's name).

variable "project" {
  description = "The Google Cloud project id."
  type        = string
  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.project))
    error_message = "project must be a project id (6-30 lower-case letters, digits or hyphens, a letter first, no hyphen last), not the project's name or number."
  }
}

variable "name" {
  description = "The function's name; its service account is \"<name>-fn\"."
  type        = string
  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name))
    error_message = "name must start with a lower-case letter and hold only lower-case letters, digits and hyphens, with no hyphen last."
  }
  validation {
    condition     = length(var.name) >= 4 && length(var.name) <= 27
    error_message = "name must be 4 to 27 characters: a function id has at least 4, and the function's service account id is name + \"-fn\", of which Google allows at most 30."
  }
}

variable "bucket" {
  description = "The source bucket's name; empty for \"<project>-<name>-source\"."
  type        = string
  default     = ""
}

locals {
  service_account_id = "${var.name}-fn"
  bucket             = var.bucket != "" ? var.bucket : "${var.project}-${var.name}-source"
}

output "service_account_id" {
  description = "The id of the function's service account."
  value       = local.service_account_id
}

output "function" {
  description = "The function's name."
  value       = var.name
}

output "bucket" {
  description = "The name of the bucket the source zip is uploaded to."
  value       = terraform_data.bucket.input # known at plan time, unlike .output
}

# Checked here rather than on the output: Terraform checks a resource's preconditions at plan
# time, a root module output's only later. terraform_data is built in: still no provider.
resource "terraform_data" "bucket" {
  input = local.bucket
  lifecycle {
    precondition {
      condition     = length(local.bucket) >= 3 && length(local.bucket) <= 63
      error_message = "The source bucket's name would be ${length(local.bucket)} characters (\"${local.bucket}\"); Cloud Storage allows 3 to 63. Shorten name, or set source_bucket to a name of your own."
    }
    precondition {
      condition     = can(regex("^[a-z0-9][-a-z0-9_.]*[a-z0-9]$", local.bucket)) && !startswith(local.bucket, "goog") && !strcontains(local.bucket, "google")
      error_message = "The source bucket's name \"${local.bucket}\" breaks Cloud Storage's rules (lower-case letters, digits, hyphens, underscores and dots; a letter or digit at each end; not starting with goog nor containing google). Set source_bucket to a name of your own."
    }
  }
}
