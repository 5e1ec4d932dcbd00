#pragma once
#include <QWidget>
#include <functional>
#include <optional>

#include "services/service_registry.h"

class QAbstractButton;
class QComboBox;
class QLineEdit;

namespace ct::ui {

// Chooses what to talk to from what the app knows (local folders served on demand, running
// services, registered endpoints), with "another URL" as the exception: only then a URL field.
class TargetPicker : public QWidget {
  Q_OBJECT
 public:
  using Filter = std::function<bool(const services::Target&)>;
  TargetPicker(services::ServiceRegistry* registry, QWidget* parent = nullptr);

  void setFilter(Filter f);
  std::optional<services::Target> current() const;  // "another URL" gives an Endpoint named "URL"
  QString currentId() const;
  bool selectId(const QString& id);
  bool selectFirst(services::SourceKind kind);  // the newest folder of that kind
  // Until the user picks something, the newest folder of this kind is chosen as folders appear.
  void setPreferredKind(services::SourceKind kind);
  void setUrl(const QString& url);  // switches to "another URL"
  bool isUrl() const;
  QComboBox* combo() const { return combo_; }
  QLineEdit* urlEdit() const { return url_; }
  void refresh();

 Q_SIGNALS:
  void changed();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  services::ServiceRegistry* registry_;
  Filter filter_;
  QComboBox* combo_;
  QLineEdit* url_;
  QList<services::Target> targets_;
  std::optional<services::SourceKind> preferred_;
  bool userChose_ = false;
};

// Enables `button` when `reason` is empty; otherwise disables it and says why in its tooltip.
void setEnabledOrWhy(QAbstractButton* button, const QString& reason);

}  // namespace ct::ui
