// The SPRAVATO REMS Patient Monitoring Form (outpatient) as a Questionnaire. Fields and required marks from the
// 11/2021 form as transcribed (../shared/domain/CLINICAL_FACTS.md §2.8, confirmed), with the current form's additions
// (first treatment / REMS enrolment, opioids, respiratory depression: partly confirmed, one secondary source each) and
// the prescriber (named by the issue; not seen on a copy of the form, so optional). The linkIds of the fields the
// records give are the names of $rems-summary's parameters (RemsChart fills both). The hidden item "session" names the
// MedicationAdministration the form is about: R4 QuestionnaireResponse.basedOn cannot reference the REMS Task, so the
// server finds the Task by its focus, the session.
Instance: spravato-rems-monitoring
InstanceOf: Questionnaire
Title: "SPRAVATO REMS Patient Monitoring Form"
Description: "The SPRAVATO REMS Patient Monitoring Form of one esketamine treatment session (outpatient settings; submit within 7 days of the session, online or by fax). Fields and required marks follow the 11/2021 form (confirmed); the first-treatment and enrolment questions, opioids and respiratory depression follow the current form (partly confirmed); the adverse-event section of the current form was not retrieved and is not modelled. $populate (SDC) fills it in from the session's records (launch contexts patient and session); the clinician completes the rest."
Usage: #definition
* name = "SpravatoRemsMonitoring"
* title = "SPRAVATO REMS Patient Monitoring Form"
* insert QuestionnaireVersion
* status = #active
* experimental = false
* subjectType = #Patient
* extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext"
* extension[0].extension[0].url = "name"
* extension[0].extension[0].valueCoding = http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext#patient "Patient"
* extension[0].extension[1].url = "type"
* extension[0].extension[1].valueCode = #Patient
* extension[0].extension[2].url = "description"
* extension[0].extension[2].valueString = "The patient treated"
* extension[1].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext"
* extension[1].extension[0].url = "name"
* extension[1].extension[0].valueCoding = https://ketaminefhir.org/ig/CodeSystem/launch-context#session "Treatment session"
* extension[1].extension[1].url = "type"
* extension[1].extension[1].valueCode = #MedicationAdministration
* extension[1].extension[2].url = "description"
* extension[1].extension[2].valueString = "The esketamine treatment session (a ketamine-session MedicationAdministration) the form is about"
* item[+].linkId = "session"
* item[=].text = "Treatment session (the MedicationAdministration)"
* item[=].type = #reference
* item[=].required = true
* item[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden"
* item[=].extension[0].valueBoolean = true
* item[=].extension[1].url = "http://hl7.org/fhir/StructureDefinition/questionnaire-referenceResource"
* item[=].extension[1].valueCode = #MedicationAdministration
* item[+].linkId = "patient"
* item[=].text = "Patient information"
* item[=].type = #group
* item[=].item[+].linkId = "patientFirstName"
* item[=].item[=].text = "First name"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[+].linkId = "patientMiddleInitial"
* item[=].item[=].text = "Middle initial"
* item[=].item[=].type = #string
* item[=].item[=].required = false
* item[=].item[+].linkId = "patientLastName"
* item[=].item[=].text = "Last name"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[+].linkId = "patientBirthDate"
* item[=].item[=].text = "Birthdate"
* item[=].item[=].type = #date
* item[=].item[=].required = true
* item[=].item[+].linkId = "patientSex"
* item[=].item[=].text = "Sex"
* item[=].item[=].type = #choice
* item[=].item[=].required = true
* item[=].item[=].answerOption[+].valueCoding = http://hl7.org/fhir/administrative-gender#male "Male"
* item[=].item[=].answerOption[+].valueCoding = http://hl7.org/fhir/administrative-gender#female "Female"
* item[=].item[=].answerOption[+].valueCoding = http://hl7.org/fhir/administrative-gender#other "Other"
* item[=].item[+].linkId = "firstTreatment"
* item[=].item[=].text = "Is this the patient's first treatment?"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "enrolledInRems"
* item[=].item[=].text = "Is the patient enrolled in the SPRAVATO REMS?"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[=].enableWhen[0].question = "firstTreatment"
* item[=].item[=].enableWhen[0].operator = #=
* item[=].item[=].enableWhen[0].answerBoolean = true
* item[+].linkId = "prescriber"
* item[=].text = "Prescriber"
* item[=].type = #group
* item[=].item[+].linkId = "prescriberFirstName"
* item[=].item[=].text = "Prescriber first name"
* item[=].item[=].type = #string
* item[=].item[=].required = false
* item[=].item[+].linkId = "prescriberLastName"
* item[=].item[=].text = "Prescriber last name"
* item[=].item[=].type = #string
* item[=].item[=].required = false
* item[+].linkId = "concomitantMedication"
* item[=].text = "Concomitant medication: is the patient currently taking any of the following that may cause sedation, dissociation, respiratory depression or blood pressure changes?"
* item[=].type = #group
* item[=].item[+].linkId = "concomitant-benzodiazepines"
* item[=].item[=].text = "Benzodiazepines"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "concomitant-non-benzodiazepine-hypnotics"
* item[=].item[=].text = "Non-benzodiazepine sedative hypnotics"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "concomitant-psychostimulants"
* item[=].item[=].text = "Psychostimulants"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "concomitant-maois"
* item[=].item[=].text = "Monoamine oxidase inhibitors (MAOIs)"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "concomitant-opioids"
* item[=].item[=].text = "Opioids"
* item[=].item[=].type = #boolean
* item[=].item[=].required = false
* item[+].linkId = "monitoringClinician"
* item[=].text = "Healthcare provider conducting patient monitoring"
* item[=].type = #group
* item[=].item[+].linkId = "hcpFirstName"
* item[=].item[=].text = "First name"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[+].linkId = "hcpLastName"
* item[=].item[=].text = "Last name"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[+].linkId = "hcpTelephone"
* item[=].item[=].text = "Telephone"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[+].linkId = "hcpEmail"
* item[=].item[=].text = "Email"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[+].linkId = "healthcareSetting"
* item[=].text = "Healthcare setting"
* item[=].type = #group
* item[=].item[+].linkId = "settingName"
* item[=].item[=].text = "Name"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[+].linkId = "settingAddress1"
* item[=].item[=].text = "Address 1"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[+].linkId = "settingAddress2"
* item[=].item[=].text = "Address 2"
* item[=].item[=].type = #string
* item[=].item[=].required = false
* item[=].item[+].linkId = "settingCity"
* item[=].item[=].text = "City"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[+].linkId = "settingState"
* item[=].item[=].text = "State"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[+].linkId = "settingZip"
* item[=].item[=].text = "ZIP"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[+].linkId = "treatmentSession"
* item[=].text = "Treatment session"
* item[=].type = #group
* item[=].item[+].linkId = "treatmentDate"
* item[=].item[=].text = "Treatment date"
* item[=].item[=].type = #date
* item[=].item[=].required = true
* item[=].item[+].linkId = "doseAdministered"
* item[=].item[=].text = "Dose administered (56 mg, 84 mg or other)"
* item[=].item[=].type = #quantity
* item[=].item[=].required = true
* item[=].item[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption"
* item[=].item[=].extension[0].valueCoding = http://unitsofmeasure.org#mg "mg"
* item[=].item[+].linkId = "lotNumber"
* item[=].item[=].text = "Lot number"
* item[=].item[=].type = #string
* item[=].item[=].required = false
* item[=].item[+].linkId = "totalMonitoringMinutes"
* item[=].item[=].text = "Total time, in minutes, from the first device administration to the completion of monitoring (the patient must be monitored for at least 2 hours)"
* item[=].item[=].type = #integer
* item[=].item[=].required = true
* item[=].item[+].linkId = "readyToLeaveMinutes"
* item[=].item[=].text = "If there was not a 2-hour minimum monitoring requirement, when would this patient have been ready to leave (no longer require monitoring)? Minutes from the start of administration"
* item[=].item[=].type = #integer
* item[=].item[=].required = true
* item[+].linkId = "vitalSigns"
* item[=].text = "Monitoring of vital signs"
* item[=].type = #group
* item[=].item[+].linkId = "vitalSignsAcceptablePreDose"
* item[=].item[=].text = "Vital signs in an acceptable range prior to administration?"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "vitalSignsAcceptableBeforeCompletion"
* item[=].item[=].text = "Vital signs in an acceptable range prior to treatment session completion?"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "bloodPressurePreDose"
* item[=].item[=].text = "Blood pressure prior to administration (systolic/diastolic mmHg)"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/entryFormat"
* item[=].item[=].extension[0].valueString = "120/80 mmHg"
* item[=].item[+].linkId = "bloodPressure40Minutes"
* item[=].item[=].text = "Blood pressure 40 minutes post-administration (systolic/diastolic mmHg)"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/entryFormat"
* item[=].item[=].extension[0].valueString = "120/80 mmHg"
* item[=].item[+].linkId = "bloodPressureBeforeCompletion"
* item[=].item[=].text = "Blood pressure prior to treatment session completion (systolic/diastolic mmHg)"
* item[=].item[=].type = #string
* item[=].item[=].required = true
* item[=].item[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/entryFormat"
* item[=].item[=].extension[0].valueString = "120/80 mmHg"
* item[+].linkId = "sessionCourse"
* item[=].text = "During the monitoring period, did the patient experience"
* item[=].type = #group
* item[=].item[+].linkId = "sedation"
* item[=].item[=].text = "Sedation"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "lossOfConsciousness"
* item[=].item[=].text = "Loss of consciousness"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "dissociation"
* item[=].item[=].text = "Dissociation"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
* item[=].item[+].linkId = "respiratoryDepression"
* item[=].item[=].text = "Respiratory depression"
* item[=].item[=].type = #boolean
* item[=].item[=].required = true
