CodeSystem: KetamineObservationCodes
Id: ketamine-observation-codes
Title: "Ketamine Therapy Observation Codes"
Description: "Codes for what a ketamine clinic observes and records where no LOINC or SNOMED CT code has been confirmed: the screening and its components, contraindication flags, interacting medication classes, session records, side effects without a confirmed SNOMED CT finding, discharge readiness, and rating scales without a confirmed LOINC code."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
// Screening
* #ketamine-screening "Ketamine therapy pre-treatment screening" "Pre-treatment evaluation of a patient for ketamine or esketamine therapy; its value is the eligibility outcome."
* #indication "Indication for ketamine therapy" "The condition the treatment is for."
* #adequate-antidepressant-trials "Number of adequate antidepressant trials" "Adequate (dose and duration) antidepressant trials that failed in the current episode."
* #pregnancy-status "Pregnancy or breastfeeding status" "Whether the patient is pregnant or breastfeeding."
// Contraindications (Spravato PI section 4, Ketalar label, clinic criteria)
* #aneurysmal-vascular-disease "Aneurysmal vascular disease" "Aneurysmal vascular disease of the aorta, intracranial or peripheral arteries."
* #arteriovenous-malformation "Arteriovenous malformation" "Arteriovenous malformation."
* #intracerebral-hemorrhage "History of intracerebral hemorrhage" "History of intracerebral hemorrhage."
* #ketamine-hypersensitivity "Hypersensitivity to ketamine or esketamine" "Hypersensitivity to esketamine, ketamine or an excipient."
* #uncontrolled-hypertension "Uncontrolled hypertension" "Uncontrolled hypertension or a history of hypertensive crisis."
* #unstable-cardiovascular-disease "Unstable cardiovascular disease" "Recent myocardial infarction, unstable angina or a significant ECG abnormality."
* #psychosis "Current or past psychosis" "Current or past psychosis or a primary psychotic disorder."
* #active-substance-use-disorder "Active substance use disorder" "Active substance use disorder."
* #raised-intracranial-or-intraocular-pressure "Raised intracranial or intraocular pressure" "Raised intracranial pressure, raised intraocular pressure or open globe injury."
* #severe-hepatic-impairment "Severe hepatic impairment" "Severe hepatic impairment (Child-Pugh C)."
// Interacting concomitant medication classes (Spravato PI section 7; REMS Patient Monitoring Form)
* #benzodiazepines "Benzodiazepines" "Currently taking benzodiazepines."
* #non-benzodiazepine-hypnotics "Non-benzodiazepine sedative hypnotics" "Currently taking non-benzodiazepine sedative hypnotics."
* #opioids "Opioids" "Currently taking opioids."
* #psychostimulants "Psychostimulants" "Currently taking psychostimulants."
* #maois "Monoamine oxidase inhibitors" "Currently taking monoamine oxidase inhibitors."
// Sessions
* #side-effect "Side effect during a ketamine session" "A side effect observed during or after a dosing session; its value is the finding."
* #side-effect-severity "Side effect severity" "Severity of a side effect."
* #side-effect-action "Action taken for a side effect" "What the team did about a side effect."
* #discharge-readiness "Discharge readiness after a ketamine session" "Assessment before the patient leaves; its value says whether the patient may be discharged."
* #sedation-resolved "Sedation resolved" "Sedation has resolved."
* #dissociation-resolved "Dissociation resolved" "Dissociation and perceptual changes have resolved."
* #vitals-acceptable "Vital signs acceptable" "Vital signs are in an acceptable range."
* #escort-present "Escort present" "A responsible adult is present to take the patient home."
* #minutes-monitored "Minutes monitored" "Minutes from the start of administration to the end of monitoring."
// Side effects without a confirmed SNOMED CT finding code
* #dissociation "Dissociation" "Acute dissociative or perceptual changes after ketamine or esketamine."
* #sedation "Sedation" "Acute sedation after ketamine or esketamine."
* #respiratory-depression "Respiratory depression" "Respiratory depression."
* #loss-of-consciousness "Loss of consciousness" "No response to painful stimulus (MOAA/S 0)."
// Rating scales without a confirmed LOINC code
* #madrs "MADRS total score" "Montgomery-Asberg Depression Rating Scale total score (0-60)."
* #hamd-17 "HAM-D17 total score" "Hamilton Depression Rating Scale, 17 items, total score (0-52)."
* #qids-sr16 "QIDS-SR16 total score" "Quick Inventory of Depressive Symptomatology, self-report, 16 items, total score (0-27)."
* #pcl-5 "PCL-5 total score" "PTSD Checklist for DSM-5 total score (0-80)."
* #cadss "CADSS total score" "Clinician-Administered Dissociative States Scale, 23 items, total score (0-92)."
* #moaas "MOAA/S score" "Modified Observer's Assessment of Alertness/Sedation (0-5; 0 is no response to painful stimulus)."
// Questionnaires (issue 22) where no confirmed LOINC code exists
* #cssrs-risk "C-SSRS screener suicide risk" "Suicide risk level (low, moderate, high; CodeSystem suicide-risk) triaged from a C-SSRS screener response: high for intent (Q4), plan with intent (Q5) or suicidal behaviour within the past three months (recent form Q6b) or since the last contact (since-last-visit form Q6); moderate for any other yes; low when every answer is no."
* #cssrs-screener-since-last-visit "C-SSRS screener, since last visit" "Columbia Suicide Severity Rating Scale screener, since-last-visit form. No confirmed LOINC code was found for this form (the recent form is LOINC 93373-9, single-source)."
