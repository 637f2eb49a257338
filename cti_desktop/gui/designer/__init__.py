"""The kit both designers are built from: the form designer (`gui/editor`) and the flow designer
(`gui/flow_designer`). A palette model built from declarations, an inspector built from row descriptors
with one property-row base class and a registry of editors per declared kind, the "insert a `$.`
reference" menu, one mergeable undo command, and the small shared widgets."""
