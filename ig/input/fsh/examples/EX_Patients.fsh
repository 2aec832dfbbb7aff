Instance: patient-iv
InstanceOf: KetaminePatient
Title: "Jordan Reyes (IV ketamine course)"
Description: "A 42-year-old patient with treatment-resistant depression who has an IV ketamine induction series."
Usage: #example
* identifier.system = "urn:oid:2.16.840.1.113883.3.9999.1"
* identifier.value = "KC-100234"
* identifier.type = $v2-0203#MR "Medical record number"
* name.family = "Reyes"
* name.given = "Jordan"
* gender = #male
* birthDate = "1983-06-14"
* telecom.system = #phone
* telecom.value = "+1-555-0142"
* contact.relationship = $v2-0131#C "Emergency Contact"
* contact.name.family = "Reyes"
* contact.name.given = "Ana"
* contact.telecom.system = #phone
* contact.telecom.value = "+1-555-0143"

Instance: patient-esk
InstanceOf: KetaminePatient
Title: "Priya Natarajan (esketamine course)"
Description: "A 35-year-old patient with treatment-resistant depression who starts intranasal esketamine per its label."
Usage: #example
* identifier.system = "urn:oid:2.16.840.1.113883.3.9999.1"
* identifier.value = "KC-100311"
* name.family = "Natarajan"
* name.given = "Priya"
* gender = #female
* birthDate = "1990-02-03"
* contact.relationship = $v2-0131#C "Emergency Contact"
* contact.name.family = "Natarajan"
* contact.name.given = "Ravi"
* contact.telecom.system = #phone
* contact.telecom.value = "+1-555-0188"

Instance: patient-not-eligible
InstanceOf: KetaminePatient
Title: "Samuel Okoro (not eligible)"
Description: "A patient whose screening finds an absolute contraindication (aneurysmal vascular disease)."
Usage: #example
* identifier.system = "urn:oid:2.16.840.1.113883.3.9999.1"
* identifier.value = "KC-100402"
* name.family = "Okoro"
* name.given = "Samuel"
* gender = #male
* birthDate = "1961-11-21"
