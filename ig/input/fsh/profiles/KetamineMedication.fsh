Profile: KetamineMedication
Parent: Medication
Id: ketamine-medication
Title: "Ketamine Medication"
Description: "The ketamine or esketamine product given in a session, with the lot (batch) used; usually contained in the session's MedicationAdministration."
* ^status = #active
* ^experimental = false
* code 1..1 MS
* code from KetamineProductVS (required)
* batch MS
* batch.lotNumber MS
