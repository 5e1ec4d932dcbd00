#pragma once
#include <QIcon>
#include <QMainWindow>
#include <functional>
#include <memory>

class QDialog;
class QListWidget;
class QStackedWidget;
class QLabel;

namespace ct::jobs {
class JobManager;
}
namespace ct::services {
class ServiceRegistry;
}
namespace ct::auth {
class AuthDb;
}

namespace ct::ui {

class JobsPage;
class QuantizePage;
class CompilePage;
class ServicePage;
class EvaluatePage;
class UsersPage;
class ModelsPage;
class GpusPage;
class DeployPage;
class PipelinePage;
class AbChatDialog;

// The shell: a navigation list on the left; each stage adds its page as it lands.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(jobs::JobManager* manager, QWidget* parent = nullptr);
  ~MainWindow() override;

  // title is called again on every language change.
  void addPage(const QString& id, QWidget* page, std::function<QString()> title, const QIcon& icon = {});
  void showPage(const QString& id);
  JobsPage* jobsPage() const { return jobsPage_; }
  QuantizePage* quantizePage() const { return quantizePage_; }
  CompilePage* compilePage() const { return compilePage_; }
  ServicePage* servicePage() const { return servicePage_; }
  EvaluatePage* evaluatePage() const { return evaluatePage_; }
  UsersPage* usersPage() const { return usersPage_; }
  ModelsPage* modelsPage() const { return modelsPage_; }
  GpusPage* gpusPage() const { return gpusPage_; }
  DeployPage* deployPage() const { return deployPage_; }
  PipelinePage* pipelinePage() const { return pipelinePage_; }
  // The A/B chat with this endpoint on side A (the other side is picked in the dialog).
  AbChatDialog* openAbChat(const QString& url, const QString& key, const QString& label);
  services::ServiceRegistry* registry() const { return registry_; }
  QString statusText() const;
  // At the first start with no account: the choice between creating the first admin and running
  // single-user, window-modal over this window. Asked until one is made (a single-user choice is
  // remembered; the Users page still offers the first admin). Returns the dialog, or nullptr when
  // there is nothing to ask.
  QDialog* offerFirstAdmin();

 protected:
  void changeEvent(QEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void retranslate();
  void updateStatus();
  void updateIdentity();
  void switchUser();
  void wirePages();
  QString aboutText() const;
 public:
  // A "next step" from any page: quantize, compile, serve or evaluate a folder, or open it.
  void goTo(const QString& action, const QString& path);
 private:

  struct Page {
    QString id;
    std::function<QString()> title;
  };
  jobs::JobManager* manager_;
  services::ServiceRegistry* registry_;
  QListWidget* nav_;
  QStackedWidget* stack_;
  QLabel* status_;
  JobsPage* jobsPage_;
  QuantizePage* quantizePage_;
  CompilePage* compilePage_;
  ServicePage* servicePage_;
  EvaluatePage* evaluatePage_;
  ModelsPage* modelsPage_;
  UsersPage* usersPage_;
  GpusPage* gpusPage_;
  DeployPage* deployPage_;
  PipelinePage* pipelinePage_;
  QLabel* identity_;
  QList<Page> pages_;
  QMenu* fileMenu_;
  QMenu* toolsMenu_;
  QMenu* helpMenu_;
  QAction* quit_;
  QAction* signIn_;
  QAction* doctor_;
  QAction* about_;
  std::unique_ptr<auth::AuthDb> firstRunDb_;
};

}  // namespace ct::ui
