gqlforge::gql! {
    query SubscriptionById($id: Int!) {
        subscription(id: $id) {
            id {
                value
            }
        }
    }
}

fn main() {}
