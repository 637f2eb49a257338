# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'about.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QSizePolicy, QVBoxLayout,
    QWidget)

class Ui_AboutDialog(object):
    def setupUi(self, AboutDialog):
        if not AboutDialog.objectName():
            AboutDialog.setObjectName(u"AboutDialog")
        AboutDialog.resize(480, 200)
        self.dialogLayout = QVBoxLayout(AboutDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.titleLabel = QLabel(AboutDialog)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setTextFormat(Qt.TextFormat.RichText)

        self.dialogLayout.addWidget(self.titleLabel)

        self.summaryLabel = QLabel(AboutDialog)
        self.summaryLabel.setObjectName(u"summaryLabel")
        self.summaryLabel.setWordWrap(True)

        self.dialogLayout.addWidget(self.summaryLabel)

        self.details = QFormLayout()
        self.details.setObjectName(u"details")
        self.details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.databaseLabel = QLabel(AboutDialog)
        self.databaseLabel.setObjectName(u"databaseLabel")

        self.details.setWidget(0, QFormLayout.ItemRole.LabelRole, self.databaseLabel)

        self.databaseValue = QLabel(AboutDialog)
        self.databaseValue.setObjectName(u"databaseValue")
        self.databaseValue.setWordWrap(True)
        self.databaseValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details.setWidget(0, QFormLayout.ItemRole.FieldRole, self.databaseValue)

        self.revisionLabel = QLabel(AboutDialog)
        self.revisionLabel.setObjectName(u"revisionLabel")

        self.details.setWidget(1, QFormLayout.ItemRole.LabelRole, self.revisionLabel)

        self.revisionValue = QLabel(AboutDialog)
        self.revisionValue.setObjectName(u"revisionValue")
        self.revisionValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details.setWidget(1, QFormLayout.ItemRole.FieldRole, self.revisionValue)

        self.logFileLabel = QLabel(AboutDialog)
        self.logFileLabel.setObjectName(u"logFileLabel")

        self.details.setWidget(2, QFormLayout.ItemRole.LabelRole, self.logFileLabel)

        self.logFileValue = QLabel(AboutDialog)
        self.logFileValue.setObjectName(u"logFileValue")
        self.logFileValue.setWordWrap(True)
        self.logFileValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details.setWidget(2, QFormLayout.ItemRole.FieldRole, self.logFileValue)

        self.licenseLabel = QLabel(AboutDialog)
        self.licenseLabel.setObjectName(u"licenseLabel")

        self.details.setWidget(3, QFormLayout.ItemRole.LabelRole, self.licenseLabel)

        self.licenseValue = QLabel(AboutDialog)
        self.licenseValue.setObjectName(u"licenseValue")
        self.licenseValue.setWordWrap(True)
        self.licenseValue.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.details.setWidget(3, QFormLayout.ItemRole.FieldRole, self.licenseValue)


        self.dialogLayout.addLayout(self.details)

        self.buttonBox = QDialogButtonBox(AboutDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.dialogLayout.addWidget(self.buttonBox)


        self.retranslateUi(AboutDialog)

        QMetaObject.connectSlotsByName(AboutDialog)
    # setupUi

    def retranslateUi(self, AboutDialog):
        AboutDialog.setWindowTitle(QCoreApplication.translate("AboutDialog", u"About CTI Desktop", None))
        self.titleLabel.setText(QCoreApplication.translate("AboutDialog", u"<b>CTI Desktop</b>", None))
        self.summaryLabel.setText(QCoreApplication.translate("AboutDialog", u"A desktop overlay for contact-center agents: CTI Actions, CTI Flows and a local CRM.", None))
        self.databaseLabel.setText(QCoreApplication.translate("AboutDialog", u"Database:", None))
        self.revisionLabel.setText(QCoreApplication.translate("AboutDialog", u"Schema revision:", None))
        self.logFileLabel.setText(QCoreApplication.translate("AboutDialog", u"Log file:", None))
        self.licenseLabel.setText(QCoreApplication.translate("AboutDialog", u"License:", None))
        self.licenseValue.setText(QCoreApplication.translate("AboutDialog", u"GNU General Public License, version 3 or later (GPL-3.0-or-later). It comes with no warranty. The bundled libraries keep their own licenses (PJSIP: GPL-2.0-or-later; Qt: LGPL-3.0).", None))
#if QT_CONFIG(accessibility)
        self.buttonBox.setAccessibleName(QCoreApplication.translate("AboutDialog", u"Close About", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

