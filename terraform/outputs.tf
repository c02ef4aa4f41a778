output "url" {
  description = "Paste this into the Kinvey console as the external Flex service's URL, with the shared secret."
  value       = google_cloudfunctions2_function.flex.url
}

output "function" {
  description = "The function's name, for gcloud functions logs read."
  value       = google_cloudfunctions2_function.flex.name
}
