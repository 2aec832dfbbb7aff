Profile: KetaminePatient
Parent: Patient
Id: ketamine-patient
Title: "Ketamine Clinic Patient"
Description: "A patient of a ketamine clinic: identified, named, with birth date and sex, and with the emergency contact or escort who takes the patient home after a session."
* ^status = #active
* ^experimental = false
* identifier 1..* MS
* identifier.system 1..1 MS
* identifier.value 1..1 MS
* name 1..* MS
* name.family 1..1 MS
* birthDate 1..1 MS
* gender 1..1 MS
* telecom MS
* contact MS
* contact.relationship MS
* contact.name MS
* contact.telecom MS
* contact obeys ket-pat-1

Invariant: ket-pat-1
Description: "An emergency contact or escort has a name or a telecom to reach them."
Expression: "name.exists() or telecom.exists()"
Severity: #error
