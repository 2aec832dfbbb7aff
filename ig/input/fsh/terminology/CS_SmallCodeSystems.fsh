CodeSystem: EligibilityOutcomeCodes
Id: eligibility-outcome
Title: "Ketamine Therapy Eligibility Outcome"
Description: "Outcome of a pre-treatment screening for ketamine or esketamine therapy."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #eligible "Eligible" "No contraindication or precaution found."
* #eligible-with-precautions "Eligible with precautions" "Relative contraindications or interacting medications need a documented plan."
* #not-eligible "Not eligible" "An absolute contraindication is present."
* #deferred "Deferred" "Treatment deferred, e.g. because pre-treatment blood pressure is above the configured level."
* #incomplete "Incomplete" "Required screening data is missing."

CodeSystem: TreatmentPhaseCodes
Id: treatment-phase
Title: "Ketamine Treatment Phase"
Description: "Phases of a ketamine or esketamine treatment plan."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #induction "Induction" "The initial series of sessions (e.g. six IV infusions over two to three weeks)."
* #maintenance "Maintenance" "Sessions after induction at an individual interval."

CodeSystem: SessionTimePointCodes
Id: session-time-point
Title: "Ketamine Session Time Point"
Description: "When, relative to the dose, a session observation was made."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #pre-dose "Pre-dose" "Before administration starts."
* #intra-session "During the session" "After the start of administration; the minutes after start are recorded with it."
* #pre-discharge "Pre-discharge" "Before the patient leaves."

CodeSystem: DosingWeightBasisCodes
Id: dosing-weight-basis
Title: "Dosing Weight Basis"
Description: "Which body weight a per-kilogram dose was calculated on."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #actual "Actual body weight" "Measured body weight."
* #ideal "Ideal body weight" "Ideal body weight (e.g. for BMI of 30 or more, as the 2017 APA consensus suggests)."
* #adjusted "Adjusted body weight" "Adjusted body weight."

CodeSystem: KetamineProductCodes
Id: ketamine-product
Title: "Ketamine Products"
Description: "The ketamine products the clinic administers, for use where no confirmed RxNorm code exists (racemic ketamine ingredient and injection products are unconfirmed)."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #ketamine "Racemic ketamine" "Racemic ketamine hydrochloride (injection, or compounded oral or sublingual)."
* #esketamine "Esketamine nasal spray" "Esketamine nasal spray, 28 mg per device."

CodeSystem: PlanActivityCodes
Id: plan-activity
Title: "Ketamine Treatment Plan Activities"
Description: "Kinds of activity in a ketamine treatment plan."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #ketamine-session "Ketamine dosing session" "A dosing session with monitoring and recovery."
* #kap-psychotherapy "Ketamine-assisted psychotherapy" "A psychotherapy (KAP) session."
* #measurement "Rating scale measurement" "A rating scale to complete."

CodeSystem: SideEffectSeverityCodes
Id: side-effect-severity
Title: "Side Effect Severity"
Description: "Severity of a side effect during a ketamine session."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #mild "Mild" "Noticeable, no intervention needed."
* #moderate "Moderate" "Needed an intervention or a change to the session."
* #severe "Severe" "Stopped the session or needed escalation."

CodeSystem: SideEffectActionCodes
Id: side-effect-action
Title: "Side Effect Action Taken"
Description: "What the team did about a side effect."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #observed "Observed only" "Monitored, no intervention."
* #reassurance "Reassurance" "Verbal reassurance and environment adjusted."
* #rate-reduced "Infusion rate reduced" "The infusion rate was reduced."
* #paused "Administration paused" "Administration was paused."
* #stopped "Administration stopped" "Administration was stopped."
* #medication-given "Medication given" "A medication was given (e.g. an antiemetic)."
* #escalated "Escalated" "Escalated to emergency care."

CodeSystem: PregnancyStatusCodes
Id: pregnancy-status
Title: "Pregnancy or Breastfeeding Status"
Description: "Pregnancy or breastfeeding status recorded at screening."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #not-pregnant "Not pregnant and not breastfeeding" "Not pregnant and not breastfeeding."
* #pregnant "Pregnant" "Pregnant."
* #breastfeeding "Breastfeeding" "Breastfeeding."
* #not-applicable "Not applicable" "Pregnancy not possible."
* #unknown "Unknown" "Status not known."

CodeSystem: LaunchContextCodes
Id: launch-context
Title: "Questionnaire Launch Context"
Description: "Launch contexts of this IG's Questionnaires (SDC sdc-questionnaire-launchContext names) that SDC's own launch context codes do not cover."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #session "Treatment session" "The ketamine or esketamine treatment session (a ketamine-session MedicationAdministration) the form is about."

CodeSystem: KetamineTaskCodes
Id: ketamine-task
Title: "Ketamine Clinic Task"
Description: "What a Task the server keeps asks for, and the kinds of its inputs and outputs."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #submit-rems-form "Submit the SPRAVATO REMS monitoring form" "Complete the SPRAVATO REMS Patient Monitoring Form of an esketamine session and submit it to the REMS (online or by fax) within 7 days of the session."
* #response "Completed form" "The completed QuestionnaireResponse (Task.output)."
* #submission "Submission" "The Communication recording how and when the form was submitted, with the REMS confirmation number (Task.output)."
