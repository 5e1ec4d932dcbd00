#pragma once
class QComboBox;

namespace ct::ui {

// A "Run on" list: "This machine" (no data) first, then every GPU host profile by name. Keeps the
// current choice when it still exists; disabled, with the way to add one, when there is none.
void fillHostChoices(QComboBox* combo);
// Its own texts again in the interface language (no database access).
void retranslateHostChoices(QComboBox* combo);

}  // namespace ct::ui
