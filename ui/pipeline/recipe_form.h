#pragma once
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QWidget>
#include <functional>

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace ct::ui {

// A pipeline recipe as a form, in the sections of the recipe file (model, quantization, target,
// FPGA service, GPU deployment, evaluation, services), each with the "why" that `ct pipeline
// init` wrote beside it. The JSON stays the source of truth: fields the form does not show, and
// fields the loaded recipe left out and the user did not touch, are written back as they were.
class RecipeForm : public QWidget {
  Q_OBJECT
 public:
  explicit RecipeForm(QWidget* parent = nullptr);

  void setRecipe(const QJsonObject& recipe);
  QJsonObject recipe() const;
  // The field a problem names ("quantize.variants[1].bits"): its widget is shown and focused.
  bool focusField(const QString& field);
  QString whyText(const QString& section) const;  // the explanation shown for a section
  QString modelPath() const;
  QString targets() const;

 Q_SIGNALS:
  void edited();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  enum class Type { String, Int, Number, Bool, Strings, Host, Choice };
  struct Binding {
    QString section, key;  // section "" for top-level fields
    Type type;
    QWidget* widget;
    QLabel* label;
    std::function<QString()> title;
    QString initial;  // the widget's value right after loading: unchanged + absent = not written
    bool present = false;
  };
  QGroupBox* addSection(const QString& section, QFormLayout** form);
  // choices: the values a Choice takes, each shown as its words in the interface language.
  void bind(QFormLayout* form, const QString& section, const QString& key, Type type, std::function<QString()> title, const QStringList& choices = {});
  static QString choiceName(const QString& value);
  static QString valueOf(const Binding& b);
  static void setValue(Binding& b, const QJsonValue& v);
  static QJsonValue jsonOf(const Binding& b);
  void loadVariants(const QJsonArray& variants);
  QJsonArray variants() const;
  void addVariant(const QJsonObject& v);
  void updateSections();
  void retranslate();

  QJsonObject json_;
  QList<Binding> bindings_;
  QHash<QString, QGroupBox*> sections_;
  QHash<QString, QLabel*> whys_;
  QTableWidget* variants_;
  QList<QJsonObject> variantRest_;  // each row's fields the table does not show
  QPushButton* addVariant_;
  QPushButton* removeVariant_;
  bool loading_ = false;
};

}  // namespace ct::ui
