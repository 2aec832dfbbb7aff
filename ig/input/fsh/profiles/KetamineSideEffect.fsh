Profile: KetamineSideEffect
Parent: Observation
Id: ketamine-side-effect
Title: "Session Side Effect"
Description: "A side effect during or after a ketamine session: the finding (SNOMED CT where a code is confirmed), its severity and the action taken, part of the session."
* ^status = #active
* ^experimental = false
* status MS
* code = KetamineObservationCodes#side-effect
* subject 1..1 MS
* subject only Reference(KetaminePatient)
* effective[x] 1..1 MS
* effective[x] only dateTime
* partOf 1..1 MS
* partOf only Reference(KetamineSession)
* value[x] 1..1 MS
* value[x] only CodeableConcept
* valueCodeableConcept from SideEffectFindingVS (extensible)
* valueCodeableConcept ^short = "The finding"
* component ^slicing.discriminator.type = #value
* component ^slicing.discriminator.path = "code"
* component ^slicing.rules = #open
* component contains
    severity 1..1 MS and
    action 1..* MS
* component[severity].code = KetamineObservationCodes#side-effect-severity
* component[severity].value[x] only CodeableConcept
* component[severity].valueCodeableConcept 1..1
* component[severity].valueCodeableConcept from SideEffectSeverityVS (required)
* component[action].code = KetamineObservationCodes#side-effect-action
* component[action].value[x] only CodeableConcept
* component[action].valueCodeableConcept 1..1
* component[action].valueCodeableConcept from SideEffectActionVS (required)
