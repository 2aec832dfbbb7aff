Profile: KetamineTreatmentPlan
Parent: CarePlan
Id: ketamine-treatment-plan
Title: "Ketamine Treatment Plan"
Description: "A ketamine or esketamine treatment plan: an induction series then maintenance, as dated activities tagged with their phase; each dosing session names product, route and dose per kg; psychotherapy (KAP) and rating-scale measurements are activities too; response and remission targets are Goals."
* ^status = #active
* ^experimental = false
* status MS
* intent MS
* category 1..* MS
* category = PlanActivityCodes#ketamine-session
* category ^short = "Marks a ketamine treatment plan"
* subject only Reference(KetaminePatient)
* subject MS
* period 1..1 MS
* period.start 1..1 MS
* supportingInfo MS
* supportingInfo ^short = "The screening that found the patient eligible"
* goal MS
* activity 1..* MS
* activity.extension contains TreatmentPhase named phase 0..1 MS
* activity.detail 1..1 MS
* activity.detail.kind MS
* activity.detail.code 1..1 MS
* activity.detail.code from PlanActivityVS (required)
* activity.detail.status MS
* activity.detail.scheduled[x] 1..1 MS
* activity.detail.scheduled[x] only Period or Timing
* activity.detail.product[x] MS
* activity.detail.product[x] only CodeableConcept
* activity.detail.productCodeableConcept from KetamineProductVS (required)
* activity.detail.extension contains
    PlannedRoute named route 0..1 MS and
    DosePerKg named dosePerKg 0..1 MS
* activity obeys ket-plan-1

Invariant: ket-plan-1
Description: "A dosing-session activity names its phase, product, route and dose per kg."
Expression: "detail.code.coding.where(code = 'ketamine-session').exists() implies (extension('https://ketaminefhir.org/ig/StructureDefinition/treatment-phase').exists() and detail.product.exists() and detail.extension('https://ketaminefhir.org/ig/StructureDefinition/planned-route').exists() and detail.extension('https://ketaminefhir.org/ig/StructureDefinition/dose-per-kg').exists())"
Severity: #error
