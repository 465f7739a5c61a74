"""The staff shell: base templates, navigation, role homes and generic object pages."""
