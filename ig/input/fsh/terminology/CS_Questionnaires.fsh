CodeSystem: PhqDifficultyCodes
Id: phq-difficulty
Title: "PHQ-9 Functional Difficulty"
Description: "Answers to the PHQ-9 functional difficulty item (LOINC 69722-7), which is not scored. This IG's own codes: no LOINC answer codes for this item were confirmed."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #not-difficult "Not difficult at all" "The problems did not make it difficult to work, take care of things at home or get along with other people."
* #somewhat-difficult "Somewhat difficult" "Somewhat difficult."
* #very-difficult "Very difficult" "Very difficult."
* #extremely-difficult "Extremely difficult" "Extremely difficult."

CodeSystem: SuicideRiskCodes
Id: suicide-risk
Title: "Suicide Risk Level"
Description: "Suicide risk levels triaged from a C-SSRS screener response. The triage (behaviour in the past three months, or intent, or a plan with intent, is high risk) is from a single public copy of the screener (partly confirmed); moderate for any other yes and low for all no are this project's reading of the screener's low/moderate/high categories. They are defaults that the clinic's medical director must sign off."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #low "Low risk" "Every screener answer is no."
* #moderate "Moderate risk" "A yes to the wish to be dead, to non-specific active suicidal thoughts or to active thoughts with a method, without intent, plan or recent behaviour."
* #high "High risk" "A yes to intent (Q4), to a specific plan with intent (Q5), or suicidal behaviour within the past three months (recent form) or since the last contact (since-last-visit form)."

ValueSet: PhqDifficultyVS
Id: phq-difficulty
Title: "PHQ-9 Functional Difficulty"
Description: "Answers to the PHQ-9 functional difficulty item (69722-7)."
* ^status = #active
* ^experimental = false
* include codes from system PhqDifficultyCodes

ValueSet: SuicideRiskVS
Id: suicide-risk
Title: "Suicide Risk Level"
Description: "Suicide risk levels of a C-SSRS screener response."
* ^status = #active
* ^experimental = false
* include codes from system SuicideRiskCodes

ValueSet: QuestionnaireFindingVS
Id: questionnaire-finding
Title: "Questionnaire Finding"
Description: "What a questionnaire finding records: the PHQ-9 item 9 answer (LOINC 44260-8) or the C-SSRS screener suicide risk (this IG's code)."
* ^status = #active
* ^experimental = false
* $loinc#44260-8
* KetamineObservationCodes#cssrs-risk
