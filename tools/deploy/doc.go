// Package deploy checks flexgo's deploy files offline, where neither AWS, Google Cloud nor the
// Terraform registry can be reached: terraform/ against the providers' schemas, template.yaml
// against the AWS SAM schema (both in ../shared/schemas), and builds of every function the
// template deploys.
package deploy
