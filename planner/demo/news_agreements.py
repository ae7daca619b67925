"""The two memoranda known only from news items, written as short English texts so they go
through the same MoU reader as the full memorandum."""

CARPET_MUSEUM_MOU = """# Memorandum of Understanding and Cooperation
between the Azerbaijan National Carpet Museum and the Azret Sultan State Historical and Cultural Reserve Museum

Summary of the memorandum signed on 25 September 2024, as reported by the press.

## Article 1
The Parties shall conduct fundamental research in museum studies.

## Article 2
The Parties shall enable knowledge exchange among specialists to study mutual experiences and enhance professional development.

## Article 3
The Parties shall organize scientific research conferences and seminars at the request of either Party.

## Article 4
The Parties shall implement joint exhibition projects and develop exhibition plans.

## Article 5
The Parties shall exchange scientific and methodological literature.
"""

ART_MUSEUM_MOC = """# Memorandum of Cooperation
between the Azerbaijan National Art Museum and the State Museum of Arts of Uzbekistan

Summary of the memorandum of cooperation, as reported by the press.

## Article 1
The Parties shall cooperate in the field of research, restoration and conservation work.

## Article 2
The Parties shall exchange the experience of museum staff, including experience in creating electronic catalogues.

## Article 3
The Parties shall hold conferences, seminars and training on museum affairs.

## Article 4
The Parties shall organize joint exhibitions.

## Article 5
The Parties shall cooperate on the security, conservation and restoration of cultural property.

## Article 6
This Memorandum is valid for five (5) years.
"""

IZMIR_PROTOCOL = """# Tripartite Protocol
between the Azerbaijan National Art Museum, Ege University and the Izmir Provincial Directorate of Culture and Tourism

## Article 1
The Parties shall organize an exhibition in Izmir that showcases the Turkish artworks kept at the Azerbaijan National Art Museum.

## Article 2
The Parties shall implement modular training programs for museum staff.
"""
