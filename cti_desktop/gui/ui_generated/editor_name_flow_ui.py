# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'editor_name_flow.ui'
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
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QFormLayout,
    QHBoxLayout, QKeySequenceEdit, QLabel, QLineEdit,
    QPushButton, QSizePolicy, QSpacerItem, QSpinBox,
    QVBoxLayout, QWidget)

from cti_desktop.gui.designer.widgets import (HelpLabel, ProblemLabel)

class Ui_NameFlowStep(object):
    def setupUi(self, NameFlowStep):
        if not NameFlowStep.objectName():
            NameFlowStep.setObjectName(u"NameFlowStep")
        NameFlowStep.resize(760, 520)
        self.outerLayout = QVBoxLayout(NameFlowStep)
        self.outerLayout.setObjectName(u"outerLayout")
        self.outerLayout.setContentsMargins(0, 0, 0, 0)
        self.content = QWidget(NameFlowStep)
        self.content.setObjectName(u"content")
        self.form = QFormLayout(self.content)
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)
        self.form.setFormAlignment(Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(14)
        self.form.setContentsMargins(12, 16, 12, 12)
        self.nameLabel = QLabel(self.content)
        self.nameLabel.setObjectName(u"nameLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameBlock = QWidget(self.content)
        self.nameBlock.setObjectName(u"nameBlock")
        self.nameBlockLayout = QVBoxLayout(self.nameBlock)
        self.nameBlockLayout.setSpacing(3)
        self.nameBlockLayout.setObjectName(u"nameBlockLayout")
        self.nameBlockLayout.setContentsMargins(0, 0, 0, 0)
        self.actionName = QLineEdit(self.nameBlock)
        self.actionName.setObjectName(u"actionName")
        self.actionName.setMaximumSize(QSize(560, 16777215))
        self.actionName.setMaxLength(80)

        self.nameBlockLayout.addWidget(self.actionName)

        self.problem_name = ProblemLabel(self.nameBlock)
        self.problem_name.setObjectName(u"problem_name")
        self.problem_name.setWordWrap(False)

        self.nameBlockLayout.addWidget(self.problem_name)

        self.nameHelp = HelpLabel(self.nameBlock)
        self.nameHelp.setObjectName(u"nameHelp")
        self.nameHelp.setTextFormat(Qt.TextFormat.RichText)
        self.nameHelp.setWordWrap(False)

        self.nameBlockLayout.addWidget(self.nameHelp)


        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameBlock)

        self.flowLabel = QLabel(self.content)
        self.flowLabel.setObjectName(u"flowLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.flowLabel)

        self.flowBlock = QWidget(self.content)
        self.flowBlock.setObjectName(u"flowBlock")
        self.flowBlockLayout = QVBoxLayout(self.flowBlock)
        self.flowBlockLayout.setSpacing(3)
        self.flowBlockLayout.setObjectName(u"flowBlockLayout")
        self.flowBlockLayout.setContentsMargins(0, 0, 0, 0)
        self.actionFlow = QComboBox(self.flowBlock)
        self.actionFlow.setObjectName(u"actionFlow")
        self.actionFlow.setMaximumSize(QSize(560, 16777215))

        self.flowBlockLayout.addWidget(self.actionFlow)

        self.problem_flow = ProblemLabel(self.flowBlock)
        self.problem_flow.setObjectName(u"problem_flow")
        self.problem_flow.setWordWrap(False)

        self.flowBlockLayout.addWidget(self.problem_flow)

        self.flowHelp = HelpLabel(self.flowBlock)
        self.flowHelp.setObjectName(u"flowHelp")
        self.flowHelp.setTextFormat(Qt.TextFormat.RichText)
        self.flowHelp.setWordWrap(False)

        self.flowBlockLayout.addWidget(self.flowHelp)


        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.flowBlock)

        self.orderLabel = QLabel(self.content)
        self.orderLabel.setObjectName(u"orderLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.orderLabel)

        self.orderBlock = QWidget(self.content)
        self.orderBlock.setObjectName(u"orderBlock")
        self.orderBlockLayout = QVBoxLayout(self.orderBlock)
        self.orderBlockLayout.setSpacing(3)
        self.orderBlockLayout.setObjectName(u"orderBlockLayout")
        self.orderBlockLayout.setContentsMargins(0, 0, 0, 0)
        self.actionOrder = QSpinBox(self.orderBlock)
        self.actionOrder.setObjectName(u"actionOrder")
        self.actionOrder.setMaximumSize(QSize(120, 16777215))
        self.actionOrder.setMaximum(9999)

        self.orderBlockLayout.addWidget(self.actionOrder)

        self.problem_order = ProblemLabel(self.orderBlock)
        self.problem_order.setObjectName(u"problem_order")
        self.problem_order.setWordWrap(False)

        self.orderBlockLayout.addWidget(self.problem_order)

        self.orderHelp = HelpLabel(self.orderBlock)
        self.orderHelp.setObjectName(u"orderHelp")
        self.orderHelp.setTextFormat(Qt.TextFormat.RichText)
        self.orderHelp.setWordWrap(False)

        self.orderBlockLayout.addWidget(self.orderHelp)


        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.orderBlock)

        self.activeLabel = QLabel(self.content)
        self.activeLabel.setObjectName(u"activeLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.activeLabel)

        self.actionActive = QCheckBox(self.content)
        self.actionActive.setObjectName(u"actionActive")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.actionActive)

        self.shortcutLabel = QLabel(self.content)
        self.shortcutLabel.setObjectName(u"shortcutLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.shortcutLabel)

        self.shortcutBlock = QWidget(self.content)
        self.shortcutBlock.setObjectName(u"shortcutBlock")
        self.shortcutBlockLayout = QVBoxLayout(self.shortcutBlock)
        self.shortcutBlockLayout.setSpacing(3)
        self.shortcutBlockLayout.setObjectName(u"shortcutBlockLayout")
        self.shortcutBlockLayout.setContentsMargins(0, 0, 0, 0)
        self.shortcutRow = QWidget(self.shortcutBlock)
        self.shortcutRow.setObjectName(u"shortcutRow")
        self.shortcutRowLayout = QHBoxLayout(self.shortcutRow)
        self.shortcutRowLayout.setObjectName(u"shortcutRowLayout")
        self.shortcutRowLayout.setContentsMargins(0, 0, 0, 0)
        self.actionShortcut = QKeySequenceEdit(self.shortcutRow)
        self.actionShortcut.setObjectName(u"actionShortcut")
        self.actionShortcut.setMaximumSize(QSize(220, 16777215))
        self.actionShortcut.setMaximumSequenceLength(1)

        self.shortcutRowLayout.addWidget(self.actionShortcut)

        self.actionShortcutClear = QPushButton(self.shortcutRow)
        self.actionShortcutClear.setObjectName(u"actionShortcutClear")

        self.shortcutRowLayout.addWidget(self.actionShortcutClear)

        self.shortcutRowEnd = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.shortcutRowLayout.addItem(self.shortcutRowEnd)

        self.shortcutRowLayout.setStretch(2, 1)

        self.shortcutBlockLayout.addWidget(self.shortcutRow)

        self.problem_shortcut = ProblemLabel(self.shortcutBlock)
        self.problem_shortcut.setObjectName(u"problem_shortcut")
        self.problem_shortcut.setWordWrap(False)

        self.shortcutBlockLayout.addWidget(self.problem_shortcut)

        self.shortcutHelp = HelpLabel(self.shortcutBlock)
        self.shortcutHelp.setObjectName(u"shortcutHelp")
        self.shortcutHelp.setTextFormat(Qt.TextFormat.RichText)
        self.shortcutHelp.setWordWrap(False)

        self.shortcutBlockLayout.addWidget(self.shortcutHelp)


        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.shortcutBlock)

        self.problem_broken = ProblemLabel(self.content)
        self.problem_broken.setObjectName(u"problem_broken")

        self.form.setWidget(5, QFormLayout.ItemRole.SpanningRole, self.problem_broken)


        self.outerLayout.addWidget(self.content)

        self.bottomSpace = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outerLayout.addItem(self.bottomSpace)

        self.outerLayout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.actionName)
        self.flowLabel.setBuddy(self.actionFlow)
        self.orderLabel.setBuddy(self.actionOrder)
        self.activeLabel.setBuddy(self.actionActive)
        self.shortcutLabel.setBuddy(self.actionShortcut)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.actionName, self.actionFlow)
        QWidget.setTabOrder(self.actionFlow, self.actionOrder)
        QWidget.setTabOrder(self.actionOrder, self.actionActive)
        QWidget.setTabOrder(self.actionActive, self.actionShortcut)
        QWidget.setTabOrder(self.actionShortcut, self.actionShortcutClear)

        self.retranslateUi(NameFlowStep)

        QMetaObject.connectSlotsByName(NameFlowStep)
    # setupUi

    def retranslateUi(self, NameFlowStep):
        self.nameLabel.setText(QCoreApplication.translate("NameFlowStep", u"Action &Name *", None))
#if QT_CONFIG(accessibility)
        self.actionName.setAccessibleName(QCoreApplication.translate("NameFlowStep", u"Action name", None))
#endif // QT_CONFIG(accessibility)
        self.actionName.setPlaceholderText(QCoreApplication.translate("NameFlowStep", u"e.g. Customer Gift Card", None))
        self.nameHelp.setText(QCoreApplication.translate("NameFlowStep", u"The name agents will see on the button. Required and unique.", None))
        self.flowLabel.setText(QCoreApplication.translate("NameFlowStep", u"CTI &Flow *", None))
#if QT_CONFIG(accessibility)
        self.actionFlow.setAccessibleName(QCoreApplication.translate("NameFlowStep", u"CTI flow", None))
#endif // QT_CONFIG(accessibility)
        self.flowHelp.setText(QCoreApplication.translate("NameFlowStep", u"The flow that runs when the agent clicks the action. Only flows whose source is <b>CTI Action</b> are listed;<br>to use another flow, set its source to CTI Action in Admin \u2192 Flows.", None))
        self.orderLabel.setText(QCoreApplication.translate("NameFlowStep", u"&Order", None))
#if QT_CONFIG(accessibility)
        self.actionOrder.setAccessibleName(QCoreApplication.translate("NameFlowStep", u"Order", None))
#endif // QT_CONFIG(accessibility)
        self.orderHelp.setText(QCoreApplication.translate("NameFlowStep", u"Position in the overlay: lower numbers come first.", None))
        self.activeLabel.setText(QCoreApplication.translate("NameFlowStep", u"&Active", None))
#if QT_CONFIG(accessibility)
        self.actionActive.setAccessibleName(QCoreApplication.translate("NameFlowStep", u"Active", None))
#endif // QT_CONFIG(accessibility)
        self.actionActive.setText(QCoreApplication.translate("NameFlowStep", u"Agents see this action in the overlay", None))
        self.shortcutLabel.setText(QCoreApplication.translate("NameFlowStep", u"&Shortcut", None))
#if QT_CONFIG(accessibility)
        self.actionShortcut.setAccessibleName(QCoreApplication.translate("NameFlowStep", u"Keyboard shortcut", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.actionShortcutClear.setAccessibleName(QCoreApplication.translate("NameFlowStep", u"Clear the shortcut", None))
#endif // QT_CONFIG(accessibility)
        self.actionShortcutClear.setText(QCoreApplication.translate("NameFlowStep", u"Clear", None))
        self.shortcutHelp.setText(QCoreApplication.translate("NameFlowStep", u"Optional. Click the box and press the keys, e.g. Ctrl+1; agents press them to run the action.", None))
        pass
    # retranslateUi

