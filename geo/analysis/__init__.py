"""What features add up to: control observations, zones and frontlines as of a day, admin areas
and figure tables joined to them."""
