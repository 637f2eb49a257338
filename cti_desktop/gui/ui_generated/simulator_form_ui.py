# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'simulator_form.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy,
    QToolButton, QVBoxLayout, QWidget)

class Ui_SimulatorForm(object):
    def setupUi(self, SimulatorForm):
        if not SimulatorForm.objectName():
            SimulatorForm.setObjectName(u"SimulatorForm")
        SimulatorForm.resize(300, 260)
        self.formLayout = QVBoxLayout(SimulatorForm)
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setContentsMargins(0, 0, 0, 0)
        self.simulatorToggle = QToolButton(SimulatorForm)
        self.simulatorToggle.setObjectName(u"simulatorToggle")
        font = QFont()
        font.setBold(True)
        self.simulatorToggle.setFont(font)
        self.simulatorToggle.setCheckable(True)
        self.simulatorToggle.setChecked(True)
        self.simulatorToggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.simulatorToggle.setAutoRaise(True)
        self.simulatorToggle.setArrowType(Qt.ArrowType.DownArrow)

        self.formLayout.addWidget(self.simulatorToggle)

        self.simulatorBody = QWidget(SimulatorForm)
        self.simulatorBody.setObjectName(u"simulatorBody")
        self.bodyForm = QFormLayout(self.simulatorBody)
        self.bodyForm.setObjectName(u"bodyForm")
        self.bodyForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.bodyForm.setContentsMargins(0, 0, 0, 0)
        self.callerLabel = QLabel(self.simulatorBody)
        self.callerLabel.setObjectName(u"callerLabel")

        self.bodyForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.callerLabel)

        self.simulatorCaller = QComboBox(self.simulatorBody)
        self.simulatorCaller.setObjectName(u"simulatorCaller")

        self.bodyForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.simulatorCaller)

        self.numberLabel = QLabel(self.simulatorBody)
        self.numberLabel.setObjectName(u"numberLabel")

        self.bodyForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.numberLabel)

        self.simulatorNumber = QLineEdit(self.simulatorBody)
        self.simulatorNumber.setObjectName(u"simulatorNumber")

        self.bodyForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.simulatorNumber)

        self.queueLabel = QLabel(self.simulatorBody)
        self.queueLabel.setObjectName(u"queueLabel")

        self.bodyForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.queueLabel)

        self.simulatorQueue = QComboBox(self.simulatorBody)
        self.simulatorQueue.setObjectName(u"simulatorQueue")
        self.simulatorQueue.setEditable(True)

        self.bodyForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.simulatorQueue)

        self.typeLabel = QLabel(self.simulatorBody)
        self.typeLabel.setObjectName(u"typeLabel")

        self.bodyForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.typeLabel)

        self.simulatorType = QComboBox(self.simulatorBody)
        self.simulatorType.setObjectName(u"simulatorType")

        self.bodyForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.simulatorType)

        self.attributesLabel = QLabel(self.simulatorBody)
        self.attributesLabel.setObjectName(u"attributesLabel")

        self.bodyForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.attributesLabel)

        self.simulatorAttributes = QPlainTextEdit(self.simulatorBody)
        self.simulatorAttributes.setObjectName(u"simulatorAttributes")
        self.simulatorAttributes.setTabChangesFocus(True)

        self.bodyForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.simulatorAttributes)

        self.simulatorError = QLabel(self.simulatorBody)
        self.simulatorError.setObjectName(u"simulatorError")
        self.simulatorError.setWordWrap(True)

        self.bodyForm.setWidget(5, QFormLayout.ItemRole.SpanningRole, self.simulatorError)

        self.simulatorRing = QPushButton(self.simulatorBody)
        self.simulatorRing.setObjectName(u"simulatorRing")

        self.bodyForm.setWidget(6, QFormLayout.ItemRole.SpanningRole, self.simulatorRing)


        self.formLayout.addWidget(self.simulatorBody)

#if QT_CONFIG(shortcut)
        self.callerLabel.setBuddy(self.simulatorCaller)
        self.numberLabel.setBuddy(self.simulatorNumber)
        self.queueLabel.setBuddy(self.simulatorQueue)
        self.typeLabel.setBuddy(self.simulatorType)
        self.attributesLabel.setBuddy(self.simulatorAttributes)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.simulatorToggle, self.simulatorCaller)
        QWidget.setTabOrder(self.simulatorCaller, self.simulatorNumber)
        QWidget.setTabOrder(self.simulatorNumber, self.simulatorQueue)
        QWidget.setTabOrder(self.simulatorQueue, self.simulatorType)
        QWidget.setTabOrder(self.simulatorType, self.simulatorAttributes)
        QWidget.setTabOrder(self.simulatorAttributes, self.simulatorRing)

        self.retranslateUi(SimulatorForm)

        QMetaObject.connectSlotsByName(SimulatorForm)
    # setupUi

    def retranslateUi(self, SimulatorForm):
#if QT_CONFIG(accessibility)
        self.simulatorToggle.setAccessibleName(QCoreApplication.translate("SimulatorForm", u"Show or hide the contact simulator", None))
#endif // QT_CONFIG(accessibility)
        self.simulatorToggle.setText(QCoreApplication.translate("SimulatorForm", u"Simulate an incoming contact", None))
        self.callerLabel.setText(QCoreApplication.translate("SimulatorForm", u"&Caller:", None))
#if QT_CONFIG(tooltip)
        self.simulatorCaller.setToolTip(QCoreApplication.translate("SimulatorForm", u"Pick a caller from the CRM to fill in the number", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.simulatorCaller.setAccessibleName(QCoreApplication.translate("SimulatorForm", u"Demo caller", None))
#endif // QT_CONFIG(accessibility)
        self.numberLabel.setText(QCoreApplication.translate("SimulatorForm", u"&Number:", None))
#if QT_CONFIG(accessibility)
        self.simulatorNumber.setAccessibleName(QCoreApplication.translate("SimulatorForm", u"Phone number of the incoming contact", None))
#endif // QT_CONFIG(accessibility)
        self.simulatorNumber.setText(QCoreApplication.translate("SimulatorForm", u"+12065550100", None))
        self.simulatorNumber.setPlaceholderText(QCoreApplication.translate("SimulatorForm", u"+1 206 555 0100", None))
        self.queueLabel.setText(QCoreApplication.translate("SimulatorForm", u"&Queue:", None))
#if QT_CONFIG(accessibility)
        self.simulatorQueue.setAccessibleName(QCoreApplication.translate("SimulatorForm", u"Queue", None))
#endif // QT_CONFIG(accessibility)
        self.typeLabel.setText(QCoreApplication.translate("SimulatorForm", u"&Type:", None))
#if QT_CONFIG(accessibility)
        self.simulatorType.setAccessibleName(QCoreApplication.translate("SimulatorForm", u"Contact type", None))
#endif // QT_CONFIG(accessibility)
        self.attributesLabel.setText(QCoreApplication.translate("SimulatorForm", u"&Attributes:", None))
#if QT_CONFIG(accessibility)
        self.simulatorAttributes.setAccessibleName(QCoreApplication.translate("SimulatorForm", u"Contact attributes, one name=value per line", None))
#endif // QT_CONFIG(accessibility)
        self.simulatorAttributes.setPlaceholderText(QCoreApplication.translate("SimulatorForm", u"name=value, one per line", None))
#if QT_CONFIG(accessibility)
        self.simulatorError.setAccessibleName(QCoreApplication.translate("SimulatorForm", u"Simulator problem", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.simulatorRing.setToolTip(QCoreApplication.translate("SimulatorForm", u"Route the contact to the agent, as a contact center does: only when the status is Available", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.simulatorRing.setAccessibleName(QCoreApplication.translate("SimulatorForm", u"Simulate the incoming contact", None))
#endif // QT_CONFIG(accessibility)
        self.simulatorRing.setText(QCoreApplication.translate("SimulatorForm", u"Ring the agent", None))
        pass
    # retranslateUi

