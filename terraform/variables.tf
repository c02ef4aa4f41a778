variable "project" {
  description = "The id of the Google Cloud project to deploy into (not its name or number)."
  type        = string
}

variable "region" {
  description = "The region of the function, e.g. us-central1."
  type        = string
  default     = "us-central1"
}

variable "name" {
  description = "The function's name: 4-27 lower-case letters, digits and hyphens, a letter first (its service account is <name>-fn; modules/names checks the rules)."
  type        = string
  default     = "flexgo-bookstore"
}

variable "source_bucket" {
  description = "The bucket the source zip is uploaded to; empty for <project>-<name>-source (created by this deploy)."
  type        = string
  default     = ""
}

variable "source_dir" {
  description = "The assembled function source: run `go run ./tools/gcfsource` from the repository root first."
  type        = string
  default     = "../build/gcf-bookstore"
}

variable "entry_point" {
  description = "The function registered with functions.HTTP in the function package."
  type        = string
  default     = "FlexService"
}

variable "shared_secret_id" {
  description = "The Secret Manager secret holding the Flex shared secret (create it first; see docs/gcf.md). Kinvey sends it as X-Auth-Key."
  type        = string
  default     = "flexgo-shared-secret"
}

variable "shared_secret_version" {
  description = "The version of the shared secret to use: a number, or latest."
  type        = string
  default     = "latest"
}

variable "shared_secret_previous_version" {
  description = "During a rotation: the version of the shared secret being rotated out (a number), accepted as well as shared_secret_version. Empty otherwise."
  type        = string
  default     = ""
  validation {
    condition     = var.shared_secret_previous_version == "" || can(regex("^[0-9]+$", var.shared_secret_previous_version))
    error_message = "shared_secret_previous_version must be a version number (not latest), or empty."
  }
}

variable "timeout_seconds" {
  description = "The request timeout of the function. flexgo's own budget (FLEX_TIMEOUT) answers before it runs out."
  type        = number
  default     = 60
  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 3600
    error_message = "timeout_seconds must be between 1 and 3600."
  }
}

variable "memory" {
  description = "The memory of each instance, e.g. 256M."
  type        = string
  default     = "256M"
  validation {
    condition     = can(regex("^[0-9]+(M|Mi|G|Gi)$", var.memory))
    error_message = "memory must look like 256M or 1Gi."
  }
}

variable "max_instances" {
  description = "The most instances to run at once."
  type        = number
  default     = 10
  validation {
    condition     = var.max_instances >= 1
    error_message = "max_instances must be at least 1."
  }
}

variable "log_level" {
  description = "FLEX_LOG_LEVEL: debug, info, warn or error."
  type        = string
  default     = "info"
  validation {
    condition     = contains(["debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level must be debug, info, warn or error."
  }
}

variable "environment" {
  description = "More environment variables for the service (what `kinvey flex update --set-vars` set). Never put the shared secret here."
  type        = map(string)
  default     = {}
  validation {
    condition     = !contains(keys(var.environment), "FLEX_SHARED_SECRET")
    error_message = "FLEX_SHARED_SECRET comes from Secret Manager (shared_secret_id), not from a plain variable."
  }
}
