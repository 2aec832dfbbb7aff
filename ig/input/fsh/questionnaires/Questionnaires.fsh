// The Questionnaires carry the IG's version (keep equal to "version" in ig/sushi-config.yaml; SUSHI does not set it on
// instances, IgQuestionnairesTest checks it).
RuleSet: QuestionnaireVersion
* version = "0.1.0"

Instance: phq-9
InstanceOf: Questionnaire
Title: "PHQ-9"
Description: "Patient Health Questionnaire (PHQ-9, LOINC panel 44249-1): over the last two weeks, how often the patient has been bothered by nine problems, each answered 0 to 3 (ordinalValue on the answers; total 0-27, Kroenke 2001). The difficulty item 69722-7 is not scored. Extraction (SDC template-based): the total (44261-6) becomes a ketamine-score Observation and item 9 (44260-8, thoughts of self-harm) its own ketamine-questionnaire-finding Observation, both derived from the response."
Usage: #definition
* name = "PHQ9"
* title = "PHQ-9"
* insert QuestionnaireVersion
* status = #active
* experimental = false
* subjectType = #Patient
* code = $loinc#44249-1 "PHQ-9 quick depression assessment panel [Reported.PHQ]"
* contained[0] = tpl-phq9-total
* contained[1] = tpl-phq9-item9
* item[+].linkId = "44250-9"
* item[=].code = $loinc#44250-9
* item[=].text = "Little interest or pleasure in doing things"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "44255-8"
* item[=].code = $loinc#44255-8
* item[=].text = "Feeling down, depressed, or hopeless"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "44259-0"
* item[=].code = $loinc#44259-0
* item[=].text = "Trouble falling or staying asleep, or sleeping too much"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "44254-1"
* item[=].code = $loinc#44254-1
* item[=].text = "Feeling tired or having little energy"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "44251-7"
* item[=].code = $loinc#44251-7
* item[=].text = "Poor appetite or overeating"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "44258-2"
* item[=].code = $loinc#44258-2
* item[=].text = "Feeling bad about yourself - or that you are a failure or have let yourself or your family down"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "44252-5"
* item[=].code = $loinc#44252-5
* item[=].text = "Trouble concentrating on things, such as reading the newspaper or watching television"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "44253-3"
* item[=].code = $loinc#44253-3
* item[=].text = "Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "44260-8"
* item[=].code = $loinc#44260-8
* item[=].text = "Thoughts that you would be better off dead, or of hurting yourself in some way"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[=].extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtract"
* item[=].extension[0].extension[0].url = "template"
* item[=].extension[0].extension[0].valueReference.reference = "#phq9-item9"
* item[+].linkId = "69722-7"
* item[=].code = $loinc#69722-7
* item[=].text = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?"
* item[=].type = #choice
* item[=].required = false
* item[=].answerOption[+].valueCoding = PhqDifficultyCodes#not-difficult "Not difficult at all"
* item[=].answerOption[+].valueCoding = PhqDifficultyCodes#somewhat-difficult "Somewhat difficult"
* item[=].answerOption[+].valueCoding = PhqDifficultyCodes#very-difficult "Very difficult"
* item[=].answerOption[+].valueCoding = PhqDifficultyCodes#extremely-difficult "Extremely difficult"
* item[+].linkId = "44261-6"
* item[=].code = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* item[=].text = "PHQ-9 total score"
* item[=].type = #integer
* item[=].required = false
* item[=].readOnly = true
* item[=].extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
* item[=].extension[0].valueExpression.language = #text/fhirpath
* item[=].extension[0].valueExpression.expression = "%resource.item.where(linkId = '44250-9' or linkId = '44255-8' or linkId = '44259-0' or linkId = '44254-1' or linkId = '44251-7' or linkId = '44258-2' or linkId = '44252-5' or linkId = '44253-3' or linkId = '44260-8').answer.value.ordinal().sum()"
* item[=].extension[1].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtract"
* item[=].extension[1].extension[0].url = "template"
* item[=].extension[1].extension[0].valueReference.reference = "#phq9-total"

Instance: gad-7
InstanceOf: Questionnaire
Title: "GAD-7"
Description: "Generalized Anxiety Disorder 7-item scale (GAD-7, LOINC panel 69737-5): over the last two weeks, how often the patient has been bothered by seven problems, each answered 0 to 3 (ordinalValue on the answers; total 0-21, Spitzer 2006). The item codes 69735-9, 69689-8 and 69736-7 are single-source (partly confirmed). Extraction (SDC template-based): the total (70274-6) becomes a ketamine-score Observation derived from the response."
Usage: #definition
* name = "GAD7"
* title = "GAD-7"
* insert QuestionnaireVersion
* status = #active
* experimental = false
* subjectType = #Patient
* code = $loinc#69737-5
* contained[0] = tpl-gad7-total
* item[+].linkId = "69725-0"
* item[=].code = $loinc#69725-0
* item[=].text = "Feeling nervous, anxious, or on edge"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "68509-9"
* item[=].code = $loinc#68509-9
* item[=].text = "Not being able to stop or control worrying"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "69733-4"
* item[=].code = $loinc#69733-4
* item[=].text = "Worrying too much about different things"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "69734-2"
* item[=].code = $loinc#69734-2
* item[=].text = "Trouble relaxing"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "69735-9"
* item[=].code = $loinc#69735-9
* item[=].text = "Being so restless that it is hard to sit still"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "69689-8"
* item[=].code = $loinc#69689-8
* item[=].text = "Becoming easily annoyed or irritable"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "69736-7"
* item[=].code = $loinc#69736-7
* item[=].text = "Feeling afraid, as if something awful might happen"
* item[=].type = #choice
* item[=].required = true
* item[=].answerOption[+].valueCoding = $loinc#LA6568-5 "Not at all"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 0
* item[=].answerOption[+].valueCoding = $loinc#LA6569-3 "Several days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 1
* item[=].answerOption[+].valueCoding = $loinc#LA6570-1 "More than half the days"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 2
* item[=].answerOption[+].valueCoding = $loinc#LA6571-9 "Nearly every day"
* item[=].answerOption[=].extension[0].url = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
* item[=].answerOption[=].extension[0].valueDecimal = 3
* item[+].linkId = "70274-6"
* item[=].code = $loinc#70274-6 "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
* item[=].text = "GAD-7 total score"
* item[=].type = #integer
* item[=].required = false
* item[=].readOnly = true
* item[=].extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
* item[=].extension[0].valueExpression.language = #text/fhirpath
* item[=].extension[0].valueExpression.expression = "%resource.item.where(linkId = '69725-0' or linkId = '68509-9' or linkId = '69733-4' or linkId = '69734-2' or linkId = '69735-9' or linkId = '69689-8' or linkId = '69736-7').answer.value.ordinal().sum()"
* item[=].extension[1].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtract"
* item[=].extension[1].extension[0].url = "template"
* item[=].extension[1].extension[0].valueReference.reference = "#gad7-total"

Instance: cssrs-screener-recent
InstanceOf: Questionnaire
Title: "C-SSRS Screener, recent"
Description: "Columbia Suicide Severity Rating Scale screener, recent form (LOINC panel 93373-9 and the item codes are single-source: partly confirmed). Yes/no items; questions 3 to 5 are asked after a yes to question 2, question 6b after a yes to question 6. The risk item (cssrs-risk, CodeSystem suicide-risk) is triaged from the answers: high for intent (Q4), plan with intent (Q5) or behaviour within the past three months (Q6b); moderate for any other yes; low when all are no. Extraction (SDC template-based): the risk becomes a ketamine-questionnaire-finding Observation derived from the response."
Usage: #definition
* name = "CSSRSScreenerrecent"
* title = "C-SSRS Screener, recent"
* insert QuestionnaireVersion
* status = #active
* experimental = false
* subjectType = #Patient
* code = $loinc#93373-9 "Columbia - suicide severity rating scale screener - recent [C-SSRS]"
* contained[0] = tpl-cssrs-screener-recent-risk
* item[+].linkId = "93246-7"
* item[=].code = $loinc#93246-7
* item[=].text = "In the past month, have you wished you were dead or wished you could go to sleep and not wake up?"
* item[=].type = #boolean
* item[=].required = true
* item[+].linkId = "93247-5"
* item[=].code = $loinc#93247-5
* item[=].text = "In the past month, have you actually had any thoughts of killing yourself?"
* item[=].type = #boolean
* item[=].required = true
* item[+].linkId = "93248-3"
* item[=].code = $loinc#93248-3
* item[=].text = "Have you been thinking about how you might do this?"
* item[=].type = #boolean
* item[=].required = true
* item[=].enableWhen[0].question = "93247-5"
* item[=].enableWhen[0].operator = #=
* item[=].enableWhen[0].answerBoolean = true
* item[+].linkId = "93249-1"
* item[=].code = $loinc#93249-1
* item[=].text = "Have you had these thoughts and had some intention of acting on them?"
* item[=].type = #boolean
* item[=].required = true
* item[=].enableWhen[0].question = "93247-5"
* item[=].enableWhen[0].operator = #=
* item[=].enableWhen[0].answerBoolean = true
* item[+].linkId = "93250-9"
* item[=].code = $loinc#93250-9
* item[=].text = "Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?"
* item[=].type = #boolean
* item[=].required = true
* item[=].enableWhen[0].question = "93247-5"
* item[=].enableWhen[0].operator = #=
* item[=].enableWhen[0].answerBoolean = true
* item[+].linkId = "93267-3"
* item[=].code = $loinc#93267-3
* item[=].text = "Have you ever done anything, started to do anything, or prepared to do anything to end your life?"
* item[=].type = #boolean
* item[=].required = true
* item[+].linkId = "93269-9"
* item[=].code = $loinc#93269-9
* item[=].text = "Was this within the past three months?"
* item[=].type = #boolean
* item[=].required = true
* item[=].enableWhen[0].question = "93267-3"
* item[=].enableWhen[0].operator = #=
* item[=].enableWhen[0].answerBoolean = true
* item[+].linkId = "cssrs-risk"
* item[=].code = KetamineObservationCodes#cssrs-risk "C-SSRS screener suicide risk"
* item[=].text = "Suicide risk (triaged from the answers)"
* item[=].type = #choice
* item[=].required = false
* item[=].readOnly = true
* item[=].answerOption[+].valueCoding = SuicideRiskCodes#low "Low risk"
* item[=].answerOption[+].valueCoding = SuicideRiskCodes#moderate "Moderate risk"
* item[=].answerOption[+].valueCoding = SuicideRiskCodes#high "High risk"
* item[=].extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtract"
* item[=].extension[0].extension[0].url = "template"
* item[=].extension[0].extension[0].valueReference.reference = "#cssrs-screener-recent-risk"

Instance: cssrs-screener-since-last-visit
InstanceOf: Questionnaire
Title: "C-SSRS Screener, since last visit"
Description: "Columbia Suicide Severity Rating Scale screener, since-last-visit form. No LOINC code was confirmed for this form (this IG's code cssrs-screener-since-last-visit); the item codes are those of the recent form (single-source: partly confirmed). Questions 3 to 5 are asked after a yes to question 2; question 6 asks about behaviour since the last contact. The risk item (cssrs-risk) is high for intent (Q4), plan with intent (Q5) or any behaviour since the last contact (Q6); moderate for any other yes; low when all are no. Extraction (SDC template-based): the risk becomes a ketamine-questionnaire-finding Observation derived from the response."
Usage: #definition
* name = "CSSRSScreenersincelastvisit"
* title = "C-SSRS Screener, since last visit"
* insert QuestionnaireVersion
* status = #active
* experimental = false
* subjectType = #Patient
* code = KetamineObservationCodes#cssrs-screener-since-last-visit "C-SSRS screener, since last visit"
* contained[0] = tpl-cssrs-screener-since-last-visit-risk
* item[+].linkId = "93246-7"
* item[=].code = $loinc#93246-7
* item[=].text = "Since your last visit, have you wished you were dead or wished you could go to sleep and not wake up?"
* item[=].type = #boolean
* item[=].required = true
* item[+].linkId = "93247-5"
* item[=].code = $loinc#93247-5
* item[=].text = "Since your last visit, have you actually had any thoughts of killing yourself?"
* item[=].type = #boolean
* item[=].required = true
* item[+].linkId = "93248-3"
* item[=].code = $loinc#93248-3
* item[=].text = "Have you been thinking about how you might do this?"
* item[=].type = #boolean
* item[=].required = true
* item[=].enableWhen[0].question = "93247-5"
* item[=].enableWhen[0].operator = #=
* item[=].enableWhen[0].answerBoolean = true
* item[+].linkId = "93249-1"
* item[=].code = $loinc#93249-1
* item[=].text = "Have you had these thoughts and had some intention of acting on them?"
* item[=].type = #boolean
* item[=].required = true
* item[=].enableWhen[0].question = "93247-5"
* item[=].enableWhen[0].operator = #=
* item[=].enableWhen[0].answerBoolean = true
* item[+].linkId = "93250-9"
* item[=].code = $loinc#93250-9
* item[=].text = "Have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?"
* item[=].type = #boolean
* item[=].required = true
* item[=].enableWhen[0].question = "93247-5"
* item[=].enableWhen[0].operator = #=
* item[=].enableWhen[0].answerBoolean = true
* item[+].linkId = "93267-3"
* item[=].code = $loinc#93267-3
* item[=].text = "Since your last visit, have you done anything, started to do anything, or prepared to do anything to end your life?"
* item[=].type = #boolean
* item[=].required = true
* item[+].linkId = "cssrs-risk"
* item[=].code = KetamineObservationCodes#cssrs-risk "C-SSRS screener suicide risk"
* item[=].text = "Suicide risk (triaged from the answers)"
* item[=].type = #choice
* item[=].required = false
* item[=].readOnly = true
* item[=].answerOption[+].valueCoding = SuicideRiskCodes#low "Low risk"
* item[=].answerOption[+].valueCoding = SuicideRiskCodes#moderate "Moderate risk"
* item[=].answerOption[+].valueCoding = SuicideRiskCodes#high "High risk"
* item[=].extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtract"
* item[=].extension[0].extension[0].url = "template"
* item[=].extension[0].extension[0].valueReference.reference = "#cssrs-screener-since-last-visit-risk"

Instance: tpl-phq9-total
InstanceOf: KetamineScore
Title: "Extraction template: PHQ-9 total"
Usage: #inline
* id = "phq9-total"
* status = #final
* category = $obs-category#survey
* code = $loinc#44261-6 "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"
* subject.reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* subject.reference.extension[0].valueString = "%resource.subject.reference"
* effectiveDateTime.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* effectiveDateTime.extension[0].valueString = "%resource.authored"
* valueInteger.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* valueInteger.extension[0].valueString = "answer.value"
* derivedFrom[0].reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* derivedFrom[0].reference.extension[0].valueString = "'QuestionnaireResponse/' + %resource.id"

Instance: tpl-phq9-item9
InstanceOf: KetamineQuestionnaireFinding
Title: "Extraction template: PHQ-9 item 9"
Usage: #inline
* id = "phq9-item9"
* status = #final
* category = $obs-category#survey
* code = $loinc#44260-8
* subject.reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* subject.reference.extension[0].valueString = "%resource.subject.reference"
* effectiveDateTime.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* effectiveDateTime.extension[0].valueString = "%resource.authored"
* valueCodeableConcept.coding[0].extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* valueCodeableConcept.coding[0].extension[0].valueString = "answer.value"
* derivedFrom[0].reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* derivedFrom[0].reference.extension[0].valueString = "'QuestionnaireResponse/' + %resource.id"

Instance: tpl-gad7-total
InstanceOf: KetamineScore
Title: "Extraction template: GAD-7 total"
Usage: #inline
* id = "gad7-total"
* status = #final
* category = $obs-category#survey
* code = $loinc#70274-6 "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"
* subject.reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* subject.reference.extension[0].valueString = "%resource.subject.reference"
* effectiveDateTime.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* effectiveDateTime.extension[0].valueString = "%resource.authored"
* valueInteger.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* valueInteger.extension[0].valueString = "answer.value"
* derivedFrom[0].reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* derivedFrom[0].reference.extension[0].valueString = "'QuestionnaireResponse/' + %resource.id"

Instance: tpl-cssrs-screener-recent-risk
InstanceOf: KetamineQuestionnaireFinding
Title: "Extraction template: C-SSRS risk"
Usage: #inline
* id = "cssrs-screener-recent-risk"
* status = #final
* category = $obs-category#survey
* code = KetamineObservationCodes#cssrs-risk "C-SSRS screener suicide risk"
* subject.reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* subject.reference.extension[0].valueString = "%resource.subject.reference"
* effectiveDateTime.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* effectiveDateTime.extension[0].valueString = "%resource.authored"
* valueCodeableConcept.coding[0].extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* valueCodeableConcept.coding[0].extension[0].valueString = "answer.value"
* derivedFrom[0].reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* derivedFrom[0].reference.extension[0].valueString = "'QuestionnaireResponse/' + %resource.id"

Instance: tpl-cssrs-screener-since-last-visit-risk
InstanceOf: KetamineQuestionnaireFinding
Title: "Extraction template: C-SSRS risk"
Usage: #inline
* id = "cssrs-screener-since-last-visit-risk"
* status = #final
* category = $obs-category#survey
* code = KetamineObservationCodes#cssrs-risk "C-SSRS screener suicide risk"
* subject.reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* subject.reference.extension[0].valueString = "%resource.subject.reference"
* effectiveDateTime.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* effectiveDateTime.extension[0].valueString = "%resource.authored"
* valueCodeableConcept.coding[0].extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* valueCodeableConcept.coding[0].extension[0].valueString = "answer.value"
* derivedFrom[0].reference.extension[0].url = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-templateExtractValue"
* derivedFrom[0].reference.extension[0].valueString = "'QuestionnaireResponse/' + %resource.id"

