"""Units, periods, figures as written, vocabularies, currencies and economies."""
