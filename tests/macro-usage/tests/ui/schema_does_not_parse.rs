gqlforge::gql! {
    schema = "tests/ui/broken.graphql",
    query SubscriptionById($id: Int!) {
        subscription(id: $id) {
            id
        }
    }
}

fn main() {}
