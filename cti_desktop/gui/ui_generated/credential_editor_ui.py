# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'credential_editor.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

class Ui_CredentialEditor(object):
    def setupUi(self, CredentialEditor):
        if not CredentialEditor.objectName():
            CredentialEditor.setObjectName(u"CredentialEditor")
        CredentialEditor.resize(460, 240)
        CredentialEditor.setMinimumSize(QSize(460, 0))
        self.dialogLayout = QVBoxLayout(CredentialEditor)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.nameLabel = QLabel(CredentialEditor)
        self.nameLabel.setObjectName(u"nameLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.credentialName = QLineEdit(CredentialEditor)
        self.credentialName.setObjectName(u"credentialName")
        self.credentialName.setMaxLength(100)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.credentialName)

        self.kindLabel = QLabel(CredentialEditor)
        self.kindLabel.setObjectName(u"kindLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.credentialKind = QComboBox(CredentialEditor)
        self.credentialKind.setObjectName(u"credentialKind")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.credentialKind)

        self.usernameLabel = QLabel(CredentialEditor)
        self.usernameLabel.setObjectName(u"usernameLabel")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.usernameLabel)

        self.credentialUsername = QLineEdit(CredentialEditor)
        self.credentialUsername.setObjectName(u"credentialUsername")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.credentialUsername)

        self.headerLabel = QLabel(CredentialEditor)
        self.headerLabel.setObjectName(u"headerLabel")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.headerLabel)

        self.credentialHeader = QLineEdit(CredentialEditor)
        self.credentialHeader.setObjectName(u"credentialHeader")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.credentialHeader)

        self.secretLabel = QLabel(CredentialEditor)
        self.secretLabel.setObjectName(u"secretLabel")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.secretLabel)

        self.credentialSecret = QLineEdit(CredentialEditor)
        self.credentialSecret.setObjectName(u"credentialSecret")
        self.credentialSecret.setEchoMode(QLineEdit.EchoMode.Password)
        self.credentialSecret.setClearButtonEnabled(True)

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.credentialSecret)


        self.dialogLayout.addLayout(self.form)

        self.credentialProblems = QLabel(CredentialEditor)
        self.credentialProblems.setObjectName(u"credentialProblems")
        self.credentialProblems.setWordWrap(True)
        self.credentialProblems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.dialogLayout.addWidget(self.credentialProblems)

        self.verticalSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.dialogLayout.addItem(self.verticalSpacer)

        self.buttons = QDialogButtonBox(CredentialEditor)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.dialogLayout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.credentialName)
        self.kindLabel.setBuddy(self.credentialKind)
        self.usernameLabel.setBuddy(self.credentialUsername)
        self.headerLabel.setBuddy(self.credentialHeader)
        self.secretLabel.setBuddy(self.credentialSecret)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.credentialName, self.credentialKind)
        QWidget.setTabOrder(self.credentialKind, self.credentialUsername)
        QWidget.setTabOrder(self.credentialUsername, self.credentialHeader)
        QWidget.setTabOrder(self.credentialHeader, self.credentialSecret)

        self.retranslateUi(CredentialEditor)

        QMetaObject.connectSlotsByName(CredentialEditor)
    # setupUi

    def retranslateUi(self, CredentialEditor):
        CredentialEditor.setWindowTitle(QCoreApplication.translate("CredentialEditor", u"Add Credential", None))
        self.nameLabel.setText(QCoreApplication.translate("CredentialEditor", u"&Name:", None))
#if QT_CONFIG(accessibility)
        self.credentialName.setAccessibleName(QCoreApplication.translate("CredentialEditor", u"Credential name", None))
#endif // QT_CONFIG(accessibility)
        self.kindLabel.setText(QCoreApplication.translate("CredentialEditor", u"&Kind:", None))
#if QT_CONFIG(accessibility)
        self.credentialKind.setAccessibleName(QCoreApplication.translate("CredentialEditor", u"Kind", None))
#endif // QT_CONFIG(accessibility)
        self.usernameLabel.setText(QCoreApplication.translate("CredentialEditor", u"&User name:", None))
#if QT_CONFIG(accessibility)
        self.credentialUsername.setAccessibleName(QCoreApplication.translate("CredentialEditor", u"User name", None))
#endif // QT_CONFIG(accessibility)
        self.headerLabel.setText(QCoreApplication.translate("CredentialEditor", u"&Header name:", None))
#if QT_CONFIG(accessibility)
        self.credentialHeader.setAccessibleName(QCoreApplication.translate("CredentialEditor", u"Header name", None))
#endif // QT_CONFIG(accessibility)
        self.credentialHeader.setPlaceholderText(QCoreApplication.translate("CredentialEditor", u"e.g. X-Api-Key", None))
        self.secretLabel.setText(QCoreApplication.translate("CredentialEditor", u"&Token:", None))
#if QT_CONFIG(accessibility)
        self.credentialSecret.setAccessibleName(QCoreApplication.translate("CredentialEditor", u"Token", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.credentialProblems.setAccessibleName(QCoreApplication.translate("CredentialEditor", u"Problems", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

