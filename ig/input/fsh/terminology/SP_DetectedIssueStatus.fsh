Instance: detectedissue-status
InstanceOf: SearchParameter
Title: "DetectedIssue status"
Description: "Search DetectedIssue by status, so that an app can find the open (preliminary) safety alerts of a patient: R4 defines no such search parameter."
Usage: #definition
* url = "https://ketaminefhir.org/ig/SearchParameter/detectedissue-status"
* name = "DetectedIssueStatus"
* status = #active
* experimental = false
* description = "Search DetectedIssue by status (e.g. preliminary for open safety alerts)."
* code = #status
* base = #DetectedIssue
* type = #token
* expression = "DetectedIssue.status"
