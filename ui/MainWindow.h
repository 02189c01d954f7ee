#pragma once

#include <QMainWindow>

class QLabel;

namespace muse::ui {

// The main window of Muse Studio: canvas in the middle, panels docked around it.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);

private:
    void createActions();
    QLabel* m_canvas = nullptr;
};

} // namespace muse::ui
